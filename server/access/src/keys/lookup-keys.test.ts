import { describe, expect, it } from 'vitest';
import { generateSalt, parseSaltRing } from '@tidepool/kit';
import { emailKey, emailKeys, normalizeEmail, userKey, userKeys } from './lookup-keys.js';

const first = generateSalt();
const second = generateSalt();
const ring = parseSaltRing('ACCESS_SALT_DEPLOY', `v1:${first}`);
const rotated = parseSaltRing('ACCESS_SALT_DEPLOY', `v2:${second},v1:${first}`);

describe('lookup keys', () => {
  it('makes a 64-hex key that does not contain the user id', () => {
    const key = userKey(ring, '0123456789');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('0123456789');
  });

  it('gives the same user id the same key under the same salt version, and another id another key', () => {
    expect(userKey(ring, '0123456789')).toBe(userKey(ring, '0123456789'));
    expect(userKey(ring, '0123456789')).not.toBe(userKey(ring, '012345678a'));
  });

  it('gives another key under another salt', () => {
    const other = parseSaltRing('ACCESS_SALT_DEPLOY', generateSalt());
    expect(userKey(other, '0123456789')).not.toBe(userKey(ring, '0123456789'));
  });

  it('labels each kind of value, so a user id and an address with the same text differ', () => {
    expect(userKey(ring, 'abcdef0123')).not.toBe(emailKey(ring, 'abcdef0123'));
  });

  it('writes under the newest version and lists every version newest first', () => {
    expect(userKey(rotated, '0123456789')).toBe(userKey(rotated, '0123456789', 2));
    expect(userKeys(rotated, '0123456789')).toEqual([
      { version: 2, key: userKey(rotated, '0123456789', 2) },
      { version: 1, key: userKey(ring, '0123456789') },
    ]);
    expect(emailKeys(rotated, 'ann@example.org').map(({ version }) => version)).toEqual([2, 1]);
  });

  it('compares addresses case-insensitively', () => {
    expect(normalizeEmail('Ann@Example.ORG')).toBe('ann@example.org');
    expect(emailKey(ring, 'Ann@Example.ORG')).toBe(emailKey(ring, 'ann@example.org'));
  });

  it('refuses a version the ring does not have and an empty value', () => {
    expect(() => userKey(ring, '0123456789', 3)).toThrow(RangeError);
    expect(() => userKey(ring, '')).toThrow(TypeError);
  });
});
