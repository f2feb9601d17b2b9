import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('writes the same text whatever the order of the keys, at every depth', () => {
    const one = canonicalJson({ value: 5.5, units: 'mmol/L', payload: { b: [1, { y: 2, x: 1 }], a: null } });
    const other = canonicalJson({
      payload: { a: null, b: [1, { x: 1, y: 2 }] },
      units: 'mmol/L',
      value: 5.5,
    });
    expect(one).toBe(other);
    expect(one).toBe('{"payload":{"a":null,"b":[1,{"x":1,"y":2}]},"units":"mmol/L","value":5.5}');
  });

  it('leaves out undefined members and keeps the order of arrays', () => {
    expect(canonicalJson({ a: undefined, list: [3, 1, 2] })).toBe('{"list":[3,1,2]}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('escapes keys and strings as JSON does', () => {
    expect(canonicalJson({ 'a"b': 'line\nbreak' })).toBe('{"a\\"b":"line\\nbreak"}');
  });
});
