import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, type DecryptionFailureReason } from './decryption-error.js';
import {
  MINIMUM_ENVELOPE_LENGTH,
  openEnvelope,
  readKeyVersion,
  sealEnvelope,
  type AssociatedData,
} from './envelope.js';

const PLAINTEXT = Buffer.from('glucose 5.5 mmol/L at 2024-05-01T08:00:00Z', 'utf8');
const RECORD: AssociatedData = { storageName: 'a'.repeat(64), recordId: 'reading-1' };

function freshKey(): KeyObject {
  return createSecretKey(randomBytes(32));
}

/** Opens and returns the failure, checking that its message leaks neither plaintext nor key. */
function openFailure(
  envelope: Uint8Array,
  keyForVersion: (version: number) => KeyObject | undefined,
  record: AssociatedData = RECORD,
): DecryptionFailureReason {
  try {
    openEnvelope(envelope, record, keyForVersion);
  } catch (error) {
    expect(error).toBeInstanceOf(DecryptionError);
    const { reason, message } = error as DecryptionError;
    expect(message).not.toContain(PLAINTEXT.toString('utf8'));
    expect(message).not.toMatch(/[0-9a-f]{32}/);
    return reason;
  }
  throw new Error('expected openEnvelope to throw');
}

function flipped(envelope: Buffer, offset: number): Buffer {
  const copy = Buffer.from(envelope);
  copy[offset] = (copy[offset] ?? 0) ^ 0xff;
  return copy;
}

describe('sealEnvelope and openEnvelope', () => {
  const key = freshKey();
  const onlyVersionOne = (version: number): KeyObject | undefined => (version === 1 ? key : undefined);

  it('round-trip a plaintext, and an empty one', () => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    expect(openEnvelope(envelope, RECORD, onlyVersionOne)).toEqual(PLAINTEXT);
    const empty = sealEnvelope(key, 1, Buffer.alloc(0), RECORD);
    expect(empty.length).toBe(MINIMUM_ENVELOPE_LENGTH);
    expect(openEnvelope(empty, RECORD, onlyVersionOne)).toEqual(Buffer.alloc(0));
  });

  it('lays out format, key version, nonce, ciphertext and tag', () => {
    const envelope = sealEnvelope(key, 515, PLAINTEXT, RECORD);
    expect(envelope[0]).toBe(1);
    expect(envelope.readUInt16BE(1)).toBe(515);
    expect(readKeyVersion(envelope)).toBe(515);
    expect(envelope.length).toBe(3 + 12 + PLAINTEXT.length + 16);
    expect(envelope.includes(PLAINTEXT)).toBe(false);
  });

  it('uses a fresh nonce for every seal of the same plaintext', () => {
    const first = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    const second = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    expect(first.subarray(3, 15).equals(second.subarray(3, 15))).toBe(false);
    expect(first.equals(second)).toBe(false);
  });

  it.each<[string, number, DecryptionFailureReason]>([
    ['the format byte', 0, 'unsupported-format'],
    ['the high key version byte', 1, 'unknown-key-version'],
    ['the low key version byte', 2, 'unknown-key-version'],
    ['the first nonce byte', 3, 'authentication-failed'],
    ['the last nonce byte', 14, 'authentication-failed'],
    ['a ciphertext byte', 20, 'authentication-failed'],
    ['the first tag byte', 3 + 12 + PLAINTEXT.length, 'authentication-failed'],
    ['the last tag byte', 3 + 12 + PLAINTEXT.length + 15, 'authentication-failed'],
  ])('fails when %s is flipped, with reason %s', (_label, offset, reason) => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    expect(openFailure(flipped(envelope, offset), onlyVersionOne)).toBe(reason);
  });

  it('authenticates the header: a changed key version fails even when the key is the same', () => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    const relabelled = Buffer.from(envelope);
    relabelled.writeUInt16BE(2, 1);
    expect(openFailure(relabelled, () => key)).toBe('authentication-failed');
  });

  it('fails for another storage name or record id', () => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    expect(openFailure(envelope, onlyVersionOne, { ...RECORD, storageName: 'b'.repeat(64) })).toBe(
      'authentication-failed',
    );
    expect(openFailure(envelope, onlyVersionOne, { ...RECORD, recordId: 'reading-2' })).toBe(
      'authentication-failed',
    );
  });

  it('keeps the storage name and record id apart in the associated data', () => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, { storageName: 'ab', recordId: 'c' });
    expect(openFailure(envelope, onlyVersionOne, { storageName: 'a', recordId: 'bc' })).toBe(
      'authentication-failed',
    );
  });

  it('fails with another key', () => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    expect(openFailure(envelope, () => freshKey())).toBe('authentication-failed');
  });

  it('calls a too-short envelope truncated, whatever part is missing', () => {
    const envelope = sealEnvelope(key, 1, PLAINTEXT, RECORD);
    for (const length of [0, 1, 2, 3, 20, MINIMUM_ENVELOPE_LENGTH - 1]) {
      expect(openFailure(envelope.subarray(0, length), onlyVersionOne)).toBe('truncated');
    }
    expect(openFailure(envelope.subarray(0, envelope.length - 1), onlyVersionOne)).toBe(
      'authentication-failed',
    );
  });

  it('refuses empty associated data and key versions that do not fit the header', () => {
    expect(() => sealEnvelope(key, 1, PLAINTEXT, { storageName: '', recordId: 'x' })).toThrow(TypeError);
    expect(() => sealEnvelope(key, 1, PLAINTEXT, { storageName: 'x', recordId: '' })).toThrow(TypeError);
    expect(() => sealEnvelope(key, 0, PLAINTEXT, RECORD)).toThrow(RangeError);
    expect(() => sealEnvelope(key, 65_536, PLAINTEXT, RECORD)).toThrow(RangeError);
  });
});
