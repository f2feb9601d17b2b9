import { describe, expect, it } from 'vitest';
import { safeEqual } from './safe-equal.js';

describe('safeEqual', () => {
  it('is true for equal strings, including empty ones', () => {
    expect(safeEqual('server-secret-0123456789', 'server-secret-0123456789')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
  });

  it('is false for strings that differ in one character', () => {
    expect(safeEqual('server-secret-0123456789', 'server-secret-0123456788')).toBe(false);
  });

  it('is false for strings of different lengths, including a prefix', () => {
    expect(safeEqual('server-secret', 'server-secret-0123456789')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });

  it('tells apart strings that differ only in lone surrogates', () => {
    // Both would encode to the same UTF-8 bytes (U+FFFD).
    expect(safeEqual('\uD800', '\uDC00')).toBe(false);
  });
});
