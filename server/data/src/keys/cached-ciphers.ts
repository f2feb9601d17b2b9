/**
 * The kit's ciphers (DESIGN.md §6) with their keys looked up once per storage name and salt
 * version. The kit's ciphers find the key of every envelope in a cache addressed by a SHA-256 of
 * the derivation inputs; a query opens tens of thousands of envelopes of one user, so here the
 * derived key is kept per (version, storage name) and the envelope format stays the kit's.
 */
import type { KeyObject } from 'node:crypto';
import {
  DecryptionError,
  deriveRecordKey,
  deriveSystemScopeKey,
  openEnvelope,
  readKeyVersion,
  sealEnvelope,
  type AssociatedData,
  type Pair,
  type RecordCipher,
  type SaltRing,
} from '@tidepool/kit';

/** Derived keys kept by one cipher; beyond it the map starts again (keys are re-derived, never lost). */
const MAXIMUM_CACHED_KEYS = 10_000;

/**
 * The aggregate cipher of `purpose` (research opens it with the salt alone): each storage name
 * gets its own sub-key, as with the kit's `createSystemCipher`, whose envelopes it opens.
 */
export function createCachedSystemCipher(ring: SaltRing, purpose: string): RecordCipher {
  return createCachedCipher(
    ring,
    (salt, associatedData) => deriveSystemScopeKey(salt, purpose, associatedData.storageName),
    (version, associatedData) => `${version}:${associatedData.storageName}`,
  );
}

/** A pair's cipher of `purpose`, as the kit's `createRecordCipher`, whose envelopes it opens. */
export function createCachedRecordCipher(ring: SaltRing, pair: Pair, purpose: string): RecordCipher {
  return createCachedCipher(
    ring,
    (salt) => deriveRecordKey(salt, pair, purpose),
    (version) => String(version),
  );
}

type Salt = NonNullable<ReturnType<SaltRing['get']>>;

function createCachedCipher(
  ring: SaltRing,
  derive: (salt: Salt, associatedData: AssociatedData) => KeyObject,
  cacheKey: (version: number, associatedData: AssociatedData) => string,
): RecordCipher {
  const keys = new Map<string, KeyObject>();
  const keyVersion = ring.current.version;
  function keyFor(version: number, associatedData: AssociatedData): KeyObject | undefined {
    const name = cacheKey(version, associatedData);
    let key = keys.get(name);
    if (key === undefined) {
      const salt = ring.get(version);
      if (salt === undefined) return undefined;
      if (keys.size >= MAXIMUM_CACHED_KEYS) keys.clear();
      key = derive(salt, associatedData);
      keys.set(name, key);
    }
    return key;
  }
  function seal(plaintext: Uint8Array, associatedData: AssociatedData): Buffer {
    const key = keyFor(keyVersion, associatedData);
    if (key === undefined) throw new RangeError(`${ring.variable} has no version ${keyVersion}.`);
    return sealEnvelope(key, keyVersion, plaintext, associatedData);
  }
  function open(envelope: Uint8Array, associatedData: AssociatedData): Buffer {
    return openEnvelope(envelope, associatedData, (version) => keyFor(version, associatedData));
  }
  return {
    keyVersion,
    seal,
    open,
    sealJson: (value, associatedData) => seal(Buffer.from(JSON.stringify(value), 'utf8'), associatedData),
    openJson(envelope, associatedData) {
      const plaintext = open(envelope, associatedData);
      try {
        return JSON.parse(plaintext.toString('utf8')) as unknown;
      } catch {
        // JSON.parse's message would quote the plaintext.
        throw new DecryptionError('invalid-json');
      } finally {
        plaintext.fill(0);
      }
    },
    needsReencryption: (envelope) => readKeyVersion(envelope) < keyVersion,
  };
}
