import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyCache } from './key-cache.js';

function freshKey(): KeyObject {
  return createSecretKey(randomBytes(32));
}

describe('KeyCache', () => {
  it('derives once and then answers from the cache', () => {
    const cache = new KeyCache(10);
    let derivations = 0;
    const derive = (): KeyObject => {
      derivations += 1;
      return freshKey();
    };
    const first = cache.getOrDerive(['record', Buffer.from('salt'), 'purpose'], derive);
    const second = cache.getOrDerive(['record', Buffer.from('salt'), 'purpose'], derive);
    expect(second).toBe(first);
    expect(derivations).toBe(1);
  });

  it('keeps inputs apart even when their concatenations are equal', () => {
    const cache = new KeyCache(10);
    const first = cache.getOrDerive(['ab', 'c'], freshKey);
    const second = cache.getOrDerive(['a', 'bc'], freshKey);
    expect(second).not.toBe(first);
  });

  it('forgets the least recently used key when full', () => {
    const cache = new KeyCache(2);
    const a = cache.getOrDerive(['a'], freshKey);
    const b = cache.getOrDerive(['b'], freshKey);
    expect(cache.getOrDerive(['a'], freshKey)).toBe(a);
    cache.getOrDerive(['c'], freshKey);
    expect(cache.size).toBe(2);
    expect(cache.getOrDerive(['a'], freshKey)).toBe(a);
    expect(cache.getOrDerive(['b'], freshKey)).not.toBe(b);
  });

  it('forgets everything on clear', () => {
    const cache = new KeyCache(2);
    const a = cache.getOrDerive(['a'], freshKey);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.getOrDerive(['a'], freshKey)).not.toBe(a);
  });

  it('refuses a size below one', () => {
    expect(() => new KeyCache(0)).toThrow(RangeError);
    expect(() => new KeyCache(1.5)).toThrow(RangeError);
  });
});
