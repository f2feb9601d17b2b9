/** Comparison of secrets (tokens, server secrets) in time that does not depend on where they differ. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Per process, so digests of attacker-chosen strings cannot be precomputed. */
const comparisonKey = randomBytes(32);

/**
 * True when `a` and `b` are the same string. `crypto.timingSafeEqual` needs inputs of equal
 * length, so both strings are first reduced to HMAC-SHA256 digests under a random key: equal
 * strings give equal digests, and the comparison time reveals neither the position of the first
 * difference nor, beyond the number of 64-byte hash blocks, the length of the secret.
 *
 * @example
 * if (!safeEqual(request.get('x-tidepool-server-secret') ?? '', config.serverSecret)) { … }
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digestOf(a), digestOf(b));
}

function digestOf(text: string): Buffer {
  // UTF-16 code units, not UTF-8: UTF-8 turns every lone surrogate into U+FFFD, which would make
  // different strings compare equal.
  return createHmac('sha256', comparisonKey).update(text, 'utf16le').digest();
}
