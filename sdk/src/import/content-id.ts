/** Ids derived from content, so that importing the same file again yields the same ids (and the server skips it). */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The first 128 bits of SHA-256 over the parts, in hex, after `prefix`. The parts are joined
 * with a separator that text parts cannot contain, so `('ab', 'c')` and `('a', 'bc')` differ.
 * Synchronous and free of Node built-ins, so it runs in browsers too (unlike `crypto.subtle`,
 * which is asynchronous and missing from pages served over plain HTTP).
 *
 * @example
 * contentId('upid_', fileText, 'Europe/Paris'); // 'upid_3f2a…' (37 characters)
 */
export function contentId(prefix: string, ...parts: readonly string[]): string {
  const digest = sha256(utf8ToBytes(parts.join('\u0000')));
  return prefix + bytesToHex(digest.subarray(0, 16));
}
