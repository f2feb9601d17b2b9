import { describe, expect, it } from 'vitest';
import {
  createPair,
  createRecordCipher,
  createSystemCipher,
  DecryptionError,
  generateSalt,
  parseSaltRing,
} from '@tidepool/kit';
import { createCachedRecordCipher, createCachedSystemCipher } from './cached-ciphers.js';

const ring = parseSaltRing('DATA_SALT_DEPLOY', generateSalt());
const where = { storageName: 'a'.repeat(64), recordId: 'datum-1' };

describe('cached ciphers', () => {
  it('open what the kit’s ciphers seal and seal what they open', () => {
    const pair = createPair();
    const pairs = [
      [
        createSystemCipher({ ring, purpose: 'data/readings' }),
        createCachedSystemCipher(ring, 'data/readings'),
      ],
      [
        createRecordCipher({ ring, pair, purpose: 'data/identity' }),
        createCachedRecordCipher(ring, pair, 'data/identity'),
      ],
    ] as const;
    for (const [kit, cached] of pairs) {
      expect(cached.openJson(kit.sealJson({ value: 5.5 }, where), where)).toEqual({ value: 5.5 });
      expect(kit.openJson(cached.sealJson({ value: 6.5 }, where), where)).toEqual({ value: 6.5 });
    }
  });

  it('keeps each storage name under its own key, and binds the record id', () => {
    const cipher = createCachedSystemCipher(ring, 'data/readings');
    const envelope = cipher.sealJson({ value: 1 }, where);
    expect(() => cipher.open(envelope, { ...where, storageName: 'b'.repeat(64) })).toThrow(DecryptionError);
    expect(() => cipher.open(envelope, { ...where, recordId: 'datum-2' })).toThrow(DecryptionError);
    expect(cipher.openJson(envelope, where)).toEqual({ value: 1 });
  });

  it('does not open another pair’s envelopes', () => {
    const sealed = createCachedRecordCipher(ring, createPair(), 'data/identity').sealJson(
      { deviceId: 'x' },
      where,
    );
    expect(() => createCachedRecordCipher(ring, createPair(), 'data/identity').open(sealed, where)).toThrow(
      DecryptionError,
    );
  });
});
