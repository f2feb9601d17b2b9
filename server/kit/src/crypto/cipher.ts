/** Ciphers bound to one purpose: a pair's record cipher and the data system's aggregate cipher (DESIGN.md §6). */
import type { KeyObject } from 'node:crypto';
import { DecryptionError } from './decryption-error.js';
import { openEnvelope, readKeyVersion, sealEnvelope, type AssociatedData } from './envelope.js';
import { assertPurpose, deriveRecordKey, deriveSystemScopeKey } from './key-derivation.js';
import { assertPair, type Pair } from './pair.js';
import type { SaltRing } from './salt-ring.js';

/** Seals and opens the records of one purpose. Holds no secret in its properties, so it is safe to log. */
export interface RecordCipher {
  /** The key version new envelopes are sealed with: the ring's current salt version. */
  readonly keyVersion: number;
  /** Encrypts `plaintext` for the record named by `associatedData`. */
  seal(plaintext: Uint8Array, associatedData: AssociatedData): Buffer;
  /** Decrypts an envelope sealed for the same record, under any version of the ring; throws `DecryptionError`. */
  open(envelope: Uint8Array, associatedData: AssociatedData): Buffer;
  /** `seal` of the value's JSON text. */
  sealJson(value: unknown, associatedData: AssociatedData): Buffer;
  /** `open`, then `JSON.parse`. The result is `unknown`: validate it (with its zod schema) before use. */
  openJson(envelope: Uint8Array, associatedData: AssociatedData): unknown;
  /** True when the envelope was sealed under an older salt version than the current one: re-encrypt it. */
  needsReencryption(envelope: Uint8Array): boolean;
}

export interface RecordCipherOptions {
  /** The deploy salt of the system that stores the records, e.g. METADATA_SALT_DEPLOY's ring. */
  readonly ring: SaltRing;
  /** The private pair whose portion of data the records belong to. */
  readonly pair: Pair;
  /** What the key is for, e.g. `metadata/document`, `data/identity`, `messages/text`. */
  readonly purpose: string;
}

export interface SystemCipherOptions {
  /** The deploy salt of the system, e.g. DATA_SALT_DEPLOY's ring. */
  readonly ring: SaltRing;
  /** What the key is for, e.g. `data/readings`. */
  readonly purpose: string;
}

/**
 * A cipher under a pair's own keys: what it seals, only that pair (and the deploy salt) opens.
 *
 * @example
 * const cipher = createRecordCipher({ ring, pair: meta, purpose: 'metadata/document' });
 * const envelope = cipher.sealJson(document, { storageName: storageName(ring, meta.id), recordId: 'document' });
 */
export function createRecordCipher({ ring, pair, purpose }: RecordCipherOptions): RecordCipher {
  assertPair(pair);
  assertPurpose(purpose);
  return createCipher(ring, (version) => {
    const salt = ring.get(version);
    return salt === undefined ? undefined : deriveRecordKey(salt, pair, purpose);
  });
}

/**
 * A cipher under the system's aggregate key, for de-identified readings that research may
 * decrypt in bulk. Each storage name in the associated data gets its own sub-key of the
 * aggregate key (see `deriveSystemScopeKey`), so pass the real storage name, not a constant.
 */
export function createSystemCipher({ ring, purpose }: SystemCipherOptions): RecordCipher {
  assertPurpose(purpose);
  return createCipher(ring, (version, associatedData) => {
    const salt = ring.get(version);
    return salt === undefined ? undefined : deriveSystemScopeKey(salt, purpose, associatedData.storageName);
  });
}

function createCipher(
  ring: SaltRing,
  keyFor: (version: number, associatedData: AssociatedData) => KeyObject | undefined,
): RecordCipher {
  const keyVersion = ring.current.version;

  function seal(plaintext: Uint8Array, associatedData: AssociatedData): Buffer {
    const key = keyFor(keyVersion, associatedData);
    if (key === undefined) {
      throw new RangeError(`${ring.variable} has no version ${keyVersion}.`);
    }
    return sealEnvelope(key, keyVersion, plaintext, associatedData);
  }

  function open(envelope: Uint8Array, associatedData: AssociatedData): Buffer {
    return openEnvelope(envelope, associatedData, (version) => keyFor(version, associatedData));
  }

  return {
    keyVersion,
    seal,
    open,
    sealJson(value, associatedData) {
      const text: unknown = JSON.stringify(value);
      if (typeof text !== 'string') {
        throw new TypeError('Only values that JSON can represent can be sealed as JSON.');
      }
      return seal(Buffer.from(text, 'utf8'), associatedData);
    },
    openJson(envelope, associatedData) {
      const plaintext = open(envelope, associatedData);
      try {
        return JSON.parse(plaintext.toString('utf8')) as unknown;
      } catch {
        // JSON.parse's message quotes the text it choked on: that would be plaintext.
        throw new DecryptionError('invalid-json');
      } finally {
        plaintext.fill(0);
      }
    },
    needsReencryption(envelope) {
      return readKeyVersion(envelope) < keyVersion;
    },
  };
}
