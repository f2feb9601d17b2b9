import { describe, expect, it } from 'vitest';
import { assertPair, createPair, isPair, isPairId, PAIR_HASH_PATTERN, PAIR_ID_PATTERN } from './pair.js';

describe('createPair', () => {
  it('makes a 128-bit id and a 256-bit hash as lowercase hex', () => {
    const pair = createPair();
    expect(pair.id).toMatch(PAIR_ID_PATTERN);
    expect(pair.hash).toMatch(PAIR_HASH_PATTERN);
    expect(isPair(pair)).toBe(true);
  });

  it('never repeats an id or a hash', () => {
    const pairs = Array.from({ length: 1000 }, () => createPair());
    expect(new Set(pairs.map((pair) => pair.id)).size).toBe(1000);
    expect(new Set(pairs.map((pair) => pair.hash)).size).toBe(1000);
  });
});

describe('assertPair', () => {
  const valid = { id: 'a'.repeat(32), hash: 'b'.repeat(64) };

  it('accepts a well-formed pair', () => {
    expect(() => {
      assertPair(valid);
    }).not.toThrow();
  });

  it.each([
    ['null', null],
    ['a string', 'a'.repeat(32)],
    ['a short id', { ...valid, id: 'a'.repeat(31) }],
    ['an uppercase id', { ...valid, id: 'A'.repeat(32) }],
    ['a missing hash', { id: valid.id }],
    ['a non-hex hash', { ...valid, hash: 'g'.repeat(64) }],
    ['a numeric hash', { ...valid, hash: 12 }],
  ])('rejects %s with a TypeError', (_label, value) => {
    expect(() => {
      assertPair(value);
    }).toThrow(TypeError);
    expect(isPair(value)).toBe(false);
  });

  it('says what is wrong without repeating the secret', () => {
    const secretHash = `${'c'.repeat(63)}Z`;
    expect(() => {
      assertPair({ id: valid.id, hash: secretHash });
    }).toThrow(/hash must be 64 lowercase hex characters/);
    try {
      assertPair({ id: valid.id, hash: secretHash });
    } catch (error) {
      expect(String(error)).not.toContain(secretHash);
    }
  });
});

describe('isPairId', () => {
  it('accepts only 32 lowercase hex characters', () => {
    expect(isPairId('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isPairId('0123456789ABCDEF0123456789abcdef')).toBe(false);
    expect(isPairId('0123456789abcdef')).toBe(false);
    expect(isPairId(42)).toBe(false);
  });
});
