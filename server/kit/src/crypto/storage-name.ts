/** Storage names: where a portion of data is stored, `HMAC-SHA256(deploy salt, pair.id)` (DESIGN.md §6). */
import { createHmac } from 'node:crypto';
import { isPairId } from './pair.js';
import type { SaltRing } from './salt-ring.js';

/** A storage name together with the salt version that made it. */
export interface VersionedStorageName {
  readonly version: number;
  /** 64 lowercase hex characters. */
  readonly name: string;
}

/**
 * The name a portion of data is stored under: hex HMAC-SHA256 keyed by the deploy salt of
 * `version` (default: the current one) over the 16 bytes of the pair id. Without the salt, a
 * database of storage names says nothing about which pair, and so which user, they belong to.
 *
 * The HMAC runs over the id's 16 raw bytes rather than its hex text on purpose: HKDF-Extract
 * (RFC 5869 §2.2) computes HMAC(salt, pair.hash) with the same key over 32 bytes, so inputs of
 * different lengths keep public storage names and secret key material apart by construction.
 *
 * @example
 * const name = storageName(metadataRing, meta.id); // '5d0c…' (64 hex)
 */
export function storageName(ring: SaltRing, pairId: string, version: number = ring.current.version): string {
  if (!isPairId(pairId)) {
    throw new TypeError('A storage name needs a pair id of 32 lowercase hex characters.');
  }
  const salt = ring.get(version);
  if (salt === undefined) {
    throw new RangeError(`${ring.variable} has no version ${version}.`);
  }
  return createHmac('sha256', salt.secret).update(Buffer.from(pairId, 'hex')).digest('hex');
}

/**
 * The storage names of a pair under every salt version of the ring, newest first.
 *
 * A salt rotation changes every storage name, and records cannot all move at once. So for a
 * while after a rotation a record may still sit under a name made with an older version:
 * readers look under each name in this order and take the first hit, writers use the first
 * name, and the re-encrypt command moves what it finds under the older names. That is what lets
 * a salt be rotated without downtime.
 */
export function storageNames(ring: SaltRing, pairId: string): readonly VersionedStorageName[] {
  return ring.versions.map((version) => ({ version, name: storageName(ring, pairId, version) }));
}
