/**
 * The keys rows of the permissions database are found by: HMACs of user ids and email addresses
 * under ACCESS_SALT_DEPLOY (DESIGN.md §6), so that the database names nobody.
 */
import { createHmac } from 'node:crypto';
import type { SaltRing } from '@tidepool/kit';

/** A lookup key together with the salt version that made it. */
export interface VersionedKey {
  readonly version: number;
  /** 64 lowercase hex characters. */
  readonly key: string;
}

/**
 * Each kind of value gets its own label, so that a user id and an address that happened to be
 * the same text would still give different keys. The kit's `storageName` takes pair ids only
 * (16 random bytes); user ids and addresses are text, hence this helper. The access system
 * derives no pair keys from its salt, so these HMACs never meet an HKDF-Extract input.
 */
const USER_LABEL = 'access:user:';
const EMAIL_LABEL = 'access:email:';

function labelledKey(ring: SaltRing, label: string, value: string, version: number): string {
  if (value === '') throw new TypeError('A lookup key needs a non-empty value.');
  const salt = ring.get(version);
  if (salt === undefined) throw new RangeError(`${ring.variable} has no version ${version}.`);
  return createHmac('sha256', salt.secret).update(`${label}${value}`, 'utf8').digest('hex');
}

/**
 * The key of a user id under one salt version (default: the newest, which writes).
 *
 * @example userKey(ring, '0123456789') // '9f2c…' (64 hex)
 */
export function userKey(ring: SaltRing, userid: string, version: number = ring.current.version): string {
  return labelledKey(ring, USER_LABEL, userid, version);
}

/** The keys of a user id under every salt version, newest first: readers try each, writers use the first. */
export function userKeys(ring: SaltRing, userid: string): readonly VersionedKey[] {
  return ring.versions.map((version) => ({ version, key: userKey(ring, userid, version) }));
}

/**
 * An address as it is compared: Unicode NFC, then lower case, as user-api compares identifiers,
 * so `Ann@Example.org` and `ann@example.org` find the same invitations.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').toLowerCase();
}

/** The key of an email address (normalized first) under one salt version (default: the newest). */
export function emailKey(ring: SaltRing, email: string, version: number = ring.current.version): string {
  return labelledKey(ring, EMAIL_LABEL, normalizeEmail(email), version);
}

/** The keys of an email address under every salt version, newest first. */
export function emailKeys(ring: SaltRing, email: string): readonly VersionedKey[] {
  return ring.versions.map((version) => ({ version, key: emailKey(ring, email, version) }));
}
