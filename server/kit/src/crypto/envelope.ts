/**
 * The encrypted envelope: AES-256-GCM with its format and key version in front (DESIGN.md §6).
 *
 *   offset   length  field
 *   0        1       format version, 1
 *   1        2       key version, uint16 big-endian: the deploy salt version the key derives from
 *   3        12      nonce, 96 random bits, fresh for every envelope
 *   15       n       ciphertext, as long as the plaintext (n may be 0)
 *   15 + n   16      GCM authentication tag
 *
 * The additional authenticated data is the 3 header bytes followed by the storage name and the
 * record id, each as a uint32 big-endian byte length and its UTF-8 bytes. So an envelope opens
 * only as the record it was sealed for: copied to another record or user, or given a different
 * header, it fails authentication.
 */
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { DecryptionError } from './decryption-error.js';

export const ENVELOPE_FORMAT_VERSION = 1;
export const ENVELOPE_HEADER_LENGTH = 3;
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;
/** An envelope of an empty plaintext. */
export const MINIMUM_ENVELOPE_LENGTH = ENVELOPE_HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH;

const ALGORITHM = 'aes-256-gcm';
const MAXIMUM_KEY_VERSION = 65_535;

/** What an envelope is bound to: it opens only with the same storage name and record id. */
export interface AssociatedData {
  /** The storage name of the portion of data the record belongs to. */
  readonly storageName: string;
  /** The record's own id within that portion. */
  readonly recordId: string;
}

/**
 * The key version of an envelope, read from its header without decrypting it. Throws a
 * `DecryptionError` ('truncated' or 'unsupported-format') when there is no valid header.
 */
export function readKeyVersion(envelope: Uint8Array): number {
  if (envelope.length < ENVELOPE_HEADER_LENGTH) {
    throw new DecryptionError('truncated');
  }
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  const formatVersion = bytes.readUInt8(0);
  if (formatVersion !== ENVELOPE_FORMAT_VERSION) {
    throw new DecryptionError('unsupported-format', `It has format ${formatVersion}.`);
  }
  return bytes.readUInt16BE(1);
}

/** Seals a plaintext with `key`, recording `keyVersion` in the header so `openEnvelope` can find the key again. */
export function sealEnvelope(
  key: KeyObject,
  keyVersion: number,
  plaintext: Uint8Array,
  associatedData: AssociatedData,
): Buffer {
  if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion > MAXIMUM_KEY_VERSION) {
    throw new RangeError(`A key version is an integer from 1 to ${MAXIMUM_KEY_VERSION}.`);
  }
  const header = Buffer.alloc(ENVELOPE_HEADER_LENGTH);
  header.writeUInt8(ENVELOPE_FORMAT_VERSION, 0);
  header.writeUInt16BE(keyVersion, 1);
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(encodeAssociatedData(header, associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, ciphertext, cipher.getAuthTag()]);
}

/**
 * Opens an envelope, asking `keyForVersion` for the key of the version in its header. Returns
 * the plaintext only once the tag has been verified; otherwise throws a `DecryptionError`.
 */
export function openEnvelope(
  envelope: Uint8Array,
  associatedData: AssociatedData,
  keyForVersion: (keyVersion: number) => KeyObject | undefined,
): Buffer {
  const keyVersion = readKeyVersion(envelope);
  if (envelope.length < MINIMUM_ENVELOPE_LENGTH) {
    throw new DecryptionError('truncated');
  }
  const key = keyForVersion(keyVersion);
  if (key === undefined) {
    throw new DecryptionError('unknown-key-version', `It names version ${keyVersion}.`);
  }
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  const header = bytes.subarray(0, ENVELOPE_HEADER_LENGTH);
  const nonce = bytes.subarray(ENVELOPE_HEADER_LENGTH, ENVELOPE_HEADER_LENGTH + NONCE_LENGTH);
  const ciphertext = bytes.subarray(ENVELOPE_HEADER_LENGTH + NONCE_LENGTH, bytes.length - TAG_LENGTH);
  const tag = bytes.subarray(bytes.length - TAG_LENGTH);

  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(encodeAssociatedData(header, associatedData));
  decipher.setAuthTag(tag);
  const unverified = decipher.update(ciphertext);
  try {
    decipher.final();
  } catch {
    // Never hand out (or leave lying in memory) plaintext whose tag did not verify.
    unverified.fill(0);
    throw new DecryptionError('authentication-failed');
  }
  return unverified;
}

function encodeAssociatedData(header: Buffer, { storageName, recordId }: AssociatedData): Buffer {
  if (storageName === '' || recordId === '') {
    // An empty field would usually be a caller's bug, and would bind the envelope to nothing.
    throw new TypeError('Associated data needs a non-empty storage name and record id.');
  }
  const parts: Buffer[] = [header];
  for (const field of [storageName, recordId]) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
