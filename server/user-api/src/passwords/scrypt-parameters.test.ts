import { describe, expect, it } from 'vitest';
import { isOwaspEquivalent } from './scrypt-parameters.js';

describe('OWASP equivalence of scrypt parameters', () => {
  it('accepts each OWASP setting and anything stronger in every dimension', () => {
    expect(isOwaspEquivalent({ logN: 17, r: 8, p: 1 })).toBe(true);
    expect(isOwaspEquivalent({ logN: 13, r: 8, p: 10 })).toBe(true);
    expect(isOwaspEquivalent({ logN: 15, r: 16, p: 4 })).toBe(true);
  });

  it('refuses settings below every OWASP setting', () => {
    expect(isOwaspEquivalent({ logN: 16, r: 8, p: 1 })).toBe(false);
    expect(isOwaspEquivalent({ logN: 14, r: 8, p: 4 })).toBe(false);
    expect(isOwaspEquivalent({ logN: 17, r: 4, p: 1 })).toBe(false);
  });
});
