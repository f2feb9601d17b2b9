/** User ids, and the case-insensitive form of usernames and email addresses that uniqueness and login use. */
import { randomBytes } from 'node:crypto';

/** Tidepool's user ids are 10 lowercase hex characters; existing clients expect that shape. */
const USER_ID_BYTES = 5;

/** A new random user id (DESIGN.md §5: random, never changes, never derived from user data). */
export function createUserId(): string {
  return randomBytes(USER_ID_BYTES).toString('hex');
}

/**
 * The form under which a username or an email address is unique and found at login: Unicode
 * NFC, then lower case. `Ann@Example.org` and `ann@example.org` are the same identifier.
 *
 * @example identifierKey('Ann@Example.ORG') // 'ann@example.org'
 */
export function identifierKey(identifier: string): string {
  return identifier.normalize('NFC').toLowerCase();
}
