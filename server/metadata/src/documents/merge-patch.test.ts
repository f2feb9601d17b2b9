import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';

describe('mergePatch', () => {
  // The examples of RFC 7396 Appendix A whose target and patch are objects.
  const rfcExamples: [object, object, object][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];

  it.each(rfcExamples)('merges %j with %j as RFC 7396 Appendix A says', (target, patch, expected) => {
    expect(mergePatch(target as Record<string, unknown>, patch as Record<string, unknown>)).toEqual(expected);
  });

  it('merges nested objects and keeps what the patch does not name', () => {
    const profile = { fullName: 'Ann', patient: { birthday: '1990-04-12', about: 'x' } };
    expect(mergePatch(profile, { patient: { about: null, diagnosisType: 'type1' } })).toEqual({
      fullName: 'Ann',
      patient: { birthday: '1990-04-12', diagnosisType: 'type1' },
    });
  });

  it('changes neither the target nor the patch', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    mergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: 2 } });
  });

  it('keeps a __proto__ key as a plain key, never as a prototype', () => {
    const patch = JSON.parse(
      '{"__proto__": {"polluted": true}, "nested": {"__proto__": {"x": 1}}}',
    ) as Record<string, unknown>;
    const merged = mergePatch({}, patch);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"polluted":true},"nested":{"__proto__":{"x":1}}}');
  });
});
