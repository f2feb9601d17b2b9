import { describe, expect, it } from 'vitest';
import { createRecordCipher, createSystemCipher } from './cipher.js';
import { DecryptionError, type DecryptionFailureReason } from './decryption-error.js';
import { readKeyVersion, type AssociatedData } from './envelope.js';
import { createPair } from './pair.js';
import { generateSalt, parseSaltRing } from './salt-ring.js';
import { storageName } from './storage-name.js';

const VARIABLE = 'METADATA_SALT_DEPLOY';
const PURPOSE = 'metadata/document';
const DOCUMENT = { profile: { fullName: 'Ada Example', patient: { birthday: '1990-01-01' } }, settings: {} };

function failureReason(action: () => unknown): DecryptionFailureReason {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DecryptionError);
    return (error as DecryptionError).reason;
  }
  throw new Error('expected a DecryptionError');
}

function recordOf(name: string): AssociatedData {
  return { storageName: name, recordId: 'document' };
}

describe('createRecordCipher', () => {
  const ring = parseSaltRing(VARIABLE, generateSalt());
  const pair = createPair();
  const record = recordOf(storageName(ring, pair.id));

  it('round-trips bytes and JSON', () => {
    const cipher = createRecordCipher({ ring, pair, purpose: PURPOSE });
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    expect(cipher.open(cipher.seal(bytes, record), record)).toEqual(bytes);
    expect(cipher.openJson(cipher.sealJson(DOCUMENT, record), record)).toEqual(DOCUMENT);
  });

  it('opens what another cipher with the same salt, pair and purpose sealed', () => {
    const envelope = createRecordCipher({ ring, pair, purpose: PURPOSE }).sealJson(DOCUMENT, record);
    const cipher = createRecordCipher({
      ring: parseSaltRing(VARIABLE, ring.current.secret.toString()),
      pair,
      purpose: PURPOSE,
    });
    expect(cipher.openJson(envelope, record)).toEqual(DOCUMENT);
  });

  it('fails authentication with the wrong salt, pair, purpose or associated data', () => {
    const envelope = createRecordCipher({ ring, pair, purpose: PURPOSE }).sealJson(DOCUMENT, record);
    const otherRing = parseSaltRing(VARIABLE, generateSalt());
    const attempts = [
      () => createRecordCipher({ ring: otherRing, pair, purpose: PURPOSE }).open(envelope, record),
      () => createRecordCipher({ ring, pair: createPair(), purpose: PURPOSE }).open(envelope, record),
      () =>
        createRecordCipher({ ring, pair: { id: pair.id, hash: createPair().hash }, purpose: PURPOSE }).open(
          envelope,
          record,
        ),
      () => createRecordCipher({ ring, pair, purpose: 'metadata/other' }).open(envelope, record),
      () =>
        createRecordCipher({ ring, pair, purpose: PURPOSE }).open(envelope, { ...record, recordId: 'other' }),
    ];
    for (const attempt of attempts) {
      expect(failureReason(attempt)).toBe('authentication-failed');
    }
  });

  it('refuses to open non-JSON plaintext as JSON without quoting it', () => {
    const cipher = createRecordCipher({ ring, pair, purpose: PURPOSE });
    const envelope = cipher.seal(Buffer.from('not json: Ada Example', 'utf8'), record);
    expect(failureReason(() => cipher.openJson(envelope, record))).toBe('invalid-json');
    expect(() => cipher.openJson(envelope, record)).not.toThrow(/Ada/);
  });

  it('refuses to seal what JSON cannot represent', () => {
    const cipher = createRecordCipher({ ring, pair, purpose: PURPOSE });
    expect(() => cipher.sealJson(undefined, record)).toThrow(TypeError);
  });

  it('checks its pair and purpose when created', () => {
    expect(() =>
      createRecordCipher({ ring, pair: { id: 'short', hash: pair.hash }, purpose: PURPOSE }),
    ).toThrow(TypeError);
    expect(() => createRecordCipher({ ring, pair, purpose: 'Not A Label' })).toThrow(TypeError);
  });

  it('holds no secret where a log line could reach it', () => {
    const cipher = createRecordCipher({ ring, pair, purpose: PURPOSE });
    expect(JSON.stringify(cipher)).toBe(JSON.stringify({ keyVersion: 1 }));
  });
});

describe('salt rotation', () => {
  it('opens records of the old version, flags them, and reseals them under the new one', () => {
    const [one, two] = [generateSalt(), generateSalt()];
    const pair = createPair();
    const before = parseSaltRing(VARIABLE, one);
    const oldRecord = recordOf(storageName(before, pair.id));
    const envelope = createRecordCipher({ ring: before, pair, purpose: PURPOSE }).sealJson(
      DOCUMENT,
      oldRecord,
    );

    const after = parseSaltRing(VARIABLE, `v2:${two},v1:${one}`);
    const cipher = createRecordCipher({ ring: after, pair, purpose: PURPOSE });
    expect(cipher.keyVersion).toBe(2);
    expect(storageName(after, pair.id, 1)).toBe(oldRecord.storageName);
    expect(cipher.openJson(envelope, oldRecord)).toEqual(DOCUMENT);
    expect(cipher.needsReencryption(envelope)).toBe(true);

    const newRecord = recordOf(storageName(after, pair.id));
    const resealed = cipher.sealJson(cipher.openJson(envelope, oldRecord), newRecord);
    expect(readKeyVersion(resealed)).toBe(2);
    expect(cipher.needsReencryption(resealed)).toBe(false);
    expect(cipher.openJson(resealed, newRecord)).toEqual(DOCUMENT);

    const retired = createRecordCipher({
      ring: parseSaltRing(VARIABLE, `v2:${two}`),
      pair,
      purpose: PURPOSE,
    });
    expect(failureReason(() => retired.open(envelope, oldRecord))).toBe('unknown-key-version');
    expect(retired.openJson(resealed, newRecord)).toEqual(DOCUMENT);
  });

  it('refuses to judge an envelope without a valid header', () => {
    const cipher = createRecordCipher({
      ring: parseSaltRing(VARIABLE, generateSalt()),
      pair: createPair(),
      purpose: PURPOSE,
    });
    expect(failureReason(() => cipher.needsReencryption(Buffer.alloc(2)))).toBe('truncated');
    expect(failureReason(() => cipher.needsReencryption(Buffer.from([9, 0, 1])))).toBe('unsupported-format');
  });
});

describe('createSystemCipher', () => {
  const ring = parseSaltRing('DATA_SALT_DEPLOY', generateSalt());
  const reading = { type: 'cbg', units: 'mmol/L', value: 5.5, time: '2024-05-01T08:00:00Z' };
  const record = { storageName: 'c'.repeat(64), recordId: 'reading-1' };

  it('round-trips readings without any pair', () => {
    const cipher = createSystemCipher({ ring, purpose: 'data/readings' });
    expect(cipher.openJson(cipher.sealJson(reading, record), record)).toEqual(reading);
  });

  it('fails authentication under another salt or another purpose', () => {
    const envelope = createSystemCipher({ ring, purpose: 'data/readings' }).sealJson(reading, record);
    const otherRing = parseSaltRing('DATA_SALT_DEPLOY', generateSalt());
    expect(
      failureReason(() =>
        createSystemCipher({ ring: otherRing, purpose: 'data/readings' }).open(envelope, record),
      ),
    ).toBe('authentication-failed');
    expect(
      failureReason(() => createSystemCipher({ ring, purpose: 'data/other' }).open(envelope, record)),
    ).toBe('authentication-failed');
  });
});

describe('known answers', () => {
  // Sealed once by this module and opened independently with Python's `cryptography` package.
  // If these stop opening, records already stored would stop opening too.
  const ring = parseSaltRing('KNOWN_ANSWER_SALT_DEPLOY', 'v7:known-answer-salt-0123456789abcdefghijklmnop');
  const pair = {
    id: '00112233445566778899aabbccddeeff',
    hash: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  };
  const name = '38f1fb42129d57300fd8f9cc268ce6193cdf392558341e14b0b0f19b0a0aa11d';

  it('opens a record envelope of format 1', () => {
    const envelope = Buffer.from(
      '01000702a9e006e9e962acaac24edb3a246ea3ebef3c3a401c286940c782f6ddb8b4038d390f423b4dcd5923dae590c11b6c4c111103718b0f62b17a2f508a298eb822a63abd',
      'hex',
    );
    const cipher = createRecordCipher({ ring, pair, purpose: 'metadata/document' });
    expect(cipher.openJson(envelope, { storageName: name, recordId: 'document' })).toEqual({
      profile: { fullName: 'Known Answer' },
    });
  });

  it('opens a system envelope of format 1', () => {
    const envelope = Buffer.from(
      '010007d63934f39adba07a573967d7a683ae96be9122f91a18a504bbc3d5a11ce99154d08ad2b14e83843df82ebf3c8c59253a08528a29fc79',
      'hex',
    );
    const cipher = createSystemCipher({ ring, purpose: 'data/readings' });
    expect(cipher.openJson(envelope, { storageName: name, recordId: 'reading-1' })).toEqual({
      type: 'cbg',
      value: 5.5,
    });
  });
});
