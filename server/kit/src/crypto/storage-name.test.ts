import { describe, expect, it } from 'vitest';
import { createPair } from './pair.js';
import { generateSalt, parseSaltRing } from './salt-ring.js';
import { storageName, storageNames } from './storage-name.js';

const VARIABLE = 'DATA_SALT_DEPLOY';

describe('storageName', () => {
  it('matches the known answer for a fixed salt and id', () => {
    // HMAC-SHA256 over the 16 id bytes, checked independently with Python's hmac module.
    const ring = parseSaltRing(VARIABLE, 'v7:known-answer-salt-0123456789abcdefghijklmnop');
    expect(storageName(ring, '00112233445566778899aabbccddeeff')).toBe(
      '38f1fb42129d57300fd8f9cc268ce6193cdf392558341e14b0b0f19b0a0aa11d',
    );
  });

  it('is 64 lowercase hex and the same every time for one salt and id', () => {
    const ring = parseSaltRing(VARIABLE, generateSalt());
    const { id } = createPair();
    const name = storageName(ring, id);
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(storageName(ring, id)).toBe(name);
  });

  it('differs between salts and between ids', () => {
    const ring = parseSaltRing(VARIABLE, generateSalt());
    const otherRing = parseSaltRing(VARIABLE, generateSalt());
    const [first, second] = [createPair(), createPair()];
    expect(storageName(ring, first.id)).not.toBe(storageName(otherRing, first.id));
    expect(storageName(ring, first.id)).not.toBe(storageName(ring, second.id));
  });

  it('uses the requested salt version, the current one by default', () => {
    const [one, two] = [generateSalt(), generateSalt()];
    const ring = parseSaltRing(VARIABLE, `v2:${two},v1:${one}`);
    const { id } = createPair();
    expect(storageName(ring, id)).toBe(storageName(parseSaltRing(VARIABLE, `v2:${two}`), id));
    expect(storageName(ring, id, 1)).toBe(storageName(parseSaltRing(VARIABLE, one), id));
  });

  it('refuses a salt version the ring does not have', () => {
    const ring = parseSaltRing(VARIABLE, generateSalt());
    expect(() => storageName(ring, createPair().id, 2)).toThrow(/DATA_SALT_DEPLOY has no version 2/);
  });

  it('refuses anything but a pair id, so a mistyped id cannot silently name another record', () => {
    const ring = parseSaltRing(VARIABLE, generateSalt());
    const { id } = createPair();
    expect(() => storageName(ring, id.toUpperCase())).toThrow(TypeError);
    expect(() => storageName(ring, id.slice(1))).toThrow(TypeError);
  });
});

describe('storageNames', () => {
  it('lists the name under every salt version, newest first', () => {
    const ring = parseSaltRing(VARIABLE, `v1:${generateSalt()},v3:${generateSalt()},v2:${generateSalt()}`);
    const { id } = createPair();
    const names = storageNames(ring, id);
    expect(names.map((entry) => entry.version)).toEqual([3, 2, 1]);
    expect(names[0]?.name).toBe(storageName(ring, id));
    for (const { version, name } of names) {
      expect(name).toBe(storageName(ring, id, version));
    }
    expect(new Set(names.map((entry) => entry.name)).size).toBe(3);
  });
});
