/** Key derivation with HKDF-SHA256 (RFC 5869): per-pair record keys and the data system's aggregate keys (DESIGN.md §6). */
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { KeyCache } from './key-cache.js';
import type { Pair } from './pair.js';
import type { DeploySalt } from './deploy-salt.js';

/** AES-256 keys. */
export const KEY_LENGTH = 32;

/** Lowercase words joined by `/` or `-`, e.g. `metadata/document`, `data/identity`, `messages/text`. */
const PURPOSE_PATTERN = /^[a-z0-9]+(?:[/-][a-z0-9]+)*$/;
const MAXIMUM_PURPOSE_LENGTH = 100;

const derivedKeys = new KeyCache();

/** Throws a `TypeError` unless `purpose` is a label such as `metadata/document`. */
export function assertPurpose(purpose: string): void {
  if (purpose.length > MAXIMUM_PURPOSE_LENGTH || !PURPOSE_PATTERN.test(purpose)) {
    throw new TypeError(
      `A key purpose is lowercase words joined by "/" or "-", at most ${MAXIMUM_PURPOSE_LENGTH} characters.`,
    );
  }
}

/**
 * The key of one purpose of one pair under one salt version: HKDF-SHA256 with the pair's hash as
 * input keying material and the deploy salt as HKDF salt, so that stealing the users or metadata
 * database (the pairs) without the environment (the salts) decrypts nothing.
 */
export function deriveRecordKey(salt: DeploySalt, pair: Pair, purpose: string): KeyObject {
  return derivedKeys.getOrDerive(['record', salt.secret, pair.hash, purpose], () =>
    hkdf(Buffer.from(pair.hash, 'hex'), salt.secret, `record:${purpose}`),
  );
}

/**
 * The data system's aggregate key of one purpose: HKDF-SHA256 over the deploy salt itself
 * (RFC 5869 §3.1: no HKDF salt). It belongs to no user, so research can decrypt de-identified
 * readings in bulk without learning whose they are. Envelopes are sealed with its scope keys.
 */
export function deriveSystemKey(salt: DeploySalt, purpose: string): KeyObject {
  return derivedKeys.getOrDerive(['system', salt.secret, purpose], () =>
    hkdf(salt.secret, Buffer.alloc(0), `system:${purpose}`),
  );
}

/**
 * A sub-key of the aggregate key for one scope (a storage name). With random 96-bit nonces one
 * AES-GCM key may seal at most 2^32 messages (NIST SP 800-38D §8.3); a single aggregate key over
 * every reading of every patient could reach that, one scope's readings cannot. Whoever holds
 * the aggregate key can still derive every scope key from the storage names beside the records.
 */
export function deriveSystemScopeKey(salt: DeploySalt, purpose: string, scope: string): KeyObject {
  return derivedKeys.getOrDerive(['system-scope', salt.secret, purpose, scope], () =>
    hkdf(deriveSystemKey(salt, purpose), Buffer.alloc(0), `system-scope:${scope}`),
  );
}

function hkdf(inputKeyingMaterial: Uint8Array | KeyObject, hkdfSalt: Uint8Array, info: string): KeyObject {
  const bytes = Buffer.from(hkdfSync('sha256', inputKeyingMaterial, hkdfSalt, info, KEY_LENGTH));
  const key = createSecretKey(bytes);
  // createSecretKey copies; wipe the loose copy so the key lives only inside the KeyObject.
  bytes.fill(0);
  return key;
}
