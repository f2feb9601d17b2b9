import { describe, expect, it } from 'vitest';
import { parseBytea, serializeBytea } from './pglite-bytea.js';

describe('PGlite bytea handlers', () => {
  const everyByte = Uint8Array.from({ length: 256 }, (_, index) => index);

  it('writes every byte value as PostgreSQL hex text and reads it back', () => {
    const text = serializeBytea(everyByte);
    expect(text).toMatch(/^\\x[0-9a-f]{512}$/);
    expect(text.slice(0, 10)).toBe('\\x00010203');
    expect(text.slice(-4)).toBe('feff');
    expect(parseBytea(text)).toEqual(Buffer.from(everyByte));
    expect(parseBytea(text)).toBeInstanceOf(Buffer);
  });

  it('writes only the bytes of a view, not the rest of its buffer', () => {
    // Small Buffers are slices of a shared pool: their ArrayBuffer holds other data around them.
    const view = Buffer.concat([
      Buffer.from('before'),
      Buffer.from([0xca, 0xfe]),
      Buffer.from('after'),
    ]).subarray(6, 8);
    expect(view.byteOffset).toBeGreaterThan(0);
    expect(serializeBytea(view)).toBe('\\xcafe');
    expect(serializeBytea(new Uint8Array(everyByte.buffer, 254, 2))).toBe('\\xfeff');
  });

  it('handles the empty value', () => {
    expect(serializeBytea(new Uint8Array(0))).toBe('\\x');
    expect(parseBytea('\\x')).toEqual(Buffer.alloc(0));
  });

  it('refuses what is not bytes, and text not in hex form', () => {
    expect(() => serializeBytea('cafe')).toThrow(TypeError);
    expect(() => serializeBytea([1, 2])).toThrow(TypeError);
    expect(() => parseBytea('caf\\351')).toThrow(TypeError);
  });
});
