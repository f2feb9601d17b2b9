/** Random tokens and their stored form: session tokens, session ids, mailed one-time tokens (DESIGN.md §5). */
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: twice the 128 that DESIGN.md §5 asks for, so guessing stays hopeless at any scale. */
const TOKEN_BYTES = 32;
/** Session ids name sessions in lists and revocations; they grant nothing, but stay unguessable. */
const SESSION_ID_BYTES = 16;

/**
 * A new secret token from the CSPRNG, base64url (43 characters). Only the client ever holds
 * it; the database keeps `hashToken(token)`.
 */
export function createSecretToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * How a token is stored and looked up: SHA-256, hex. A fast hash is right here (unlike for
 * passwords): the token has 256 bits of entropy, so no dictionary helps an attacker who reads
 * the database. The revocation stream names tokens by this hash too.
 *
 * @example hashToken(token) // '3f1c…' (64 hex characters)
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new session id: 128 random bits, base64url. */
export function createSessionId(): string {
  return randomBytes(SESSION_ID_BYTES).toString('base64url');
}
