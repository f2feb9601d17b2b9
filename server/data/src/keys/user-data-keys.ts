/** The keys of one user's device data, under every version of the deploy salt (DESIGN.md §6). */
import { createHmac, type KeyObject } from 'node:crypto';
import { deriveRecordKey, storageName, type Pair, type RecordCipher, type SaltRing } from '@tidepool/kit';
import { createCachedRecordCipher } from './cached-ciphers.js';

/** What a lookup key stands for; each kind is hashed apart so that equal texts of two kinds never collide. */
export type LookupKind = 'datum' | 'source' | 'device' | 'upload';

/** The storage name and lookup keys of one salt version. */
export interface VersionKeys {
  readonly version: number;
  /** `HMAC-SHA256(salt, data pair id)`: where the user's rows are. */
  readonly storageName: string;
  /**
   * A keyed HMAC (hex) of `text`: content hashes and the lookup keys of device and upload ids.
   * Without the user's pair and the salt nobody can compute it, so the ids stay hidden.
   */
  lookup(kind: LookupKind, text: string): string;
}

/** Every key of one user's device data. */
export interface UserDataKeys {
  /** The newest version: new rows are written with it. */
  readonly current: VersionKeys;
  /** Every version, newest first: reads look under each storage name. */
  readonly versions: readonly VersionKeys[];
  /** The storage names of every version, newest first. */
  readonly storageNames: readonly string[];
  /** Seals identifying fields with the user's own `data/identity` key. */
  readonly identity: RecordCipher;
}

/** The label of the HKDF derivation of the lookup key. */
const LOOKUP_PURPOSE = 'data/lookup';
const IDENTITY_PURPOSE = 'data/identity';

/**
 * The keys of the user whose `data` pair is `pair`. Cheap to call per request: the kit caches
 * derived keys.
 *
 * @example
 * const keys = userDataKeys(config.DATA_SALT_DEPLOY, await pairs.pairOf(userid, 'data'));
 * const deviceKey = keys.current.lookup('device', 'DexG6_ABC123');
 */
export function userDataKeys(ring: SaltRing, pair: Pair): UserDataKeys {
  const versions = ring.versions.map((version): VersionKeys => {
    const salt = ring.get(version);
    if (salt === undefined) throw new RangeError(`${ring.variable} has no version ${version}.`);
    const lookupKey: KeyObject = deriveRecordKey(salt, pair, LOOKUP_PURPOSE);
    return {
      version,
      storageName: storageName(ring, pair.id, version),
      lookup: (kind, text) => createHmac('sha256', lookupKey).update(`${kind}\0`).update(text).digest('hex'),
    };
  });
  const current = versions[0];
  if (current === undefined) throw new RangeError(`${ring.variable} has no versions.`);
  return {
    current,
    versions,
    storageNames: versions.map((keys) => keys.storageName),
    identity: createCachedRecordCipher(ring, pair, IDENTITY_PURPOSE),
  };
}
