/** Private pairs `{id, hash}`: where a portion of a user's data is stored and what its keys derive from (DESIGN.md §6). */
import { randomBytes } from 'node:crypto';

/**
 * A private pair. `id` (128 random bits) names where a portion of data is stored, through
 * `storageName`; `hash` (256 random bits) is the input keying material of its keys. Both are
 * secrets: hand them only to servers, never log them.
 */
export interface Pair {
  /** 128 random bits as 32 lowercase hex characters. */
  readonly id: string;
  /** 256 random bits as 64 lowercase hex characters. */
  readonly hash: string;
}

/** 16 bytes: a pair id as lowercase hex. */
export const PAIR_ID_PATTERN = /^[0-9a-f]{32}$/;
/** 32 bytes: a pair hash as lowercase hex. */
export const PAIR_HASH_PATTERN = /^[0-9a-f]{64}$/;

const ID_BYTES = 16;
const HASH_BYTES = 32;

/**
 * Creates a fresh pair from the operating system's CSPRNG. Never derive pairs from time or
 * user data: their secrecy is what keeps storage names and keys unguessable.
 *
 * @example
 * const meta = createPair(); // { id: '3f2a…', hash: '9c41…' }
 */
export function createPair(): Pair {
  return {
    id: randomBytes(ID_BYTES).toString('hex'),
    hash: randomBytes(HASH_BYTES).toString('hex'),
  };
}

/** True when `value` is an object carrying a well-formed pair id and hash (extra fields are ignored). */
export function isPair(value: unknown): value is Pair {
  return describePairProblem(value) === undefined;
}

/**
 * Throws a `TypeError` unless `value` is a well-formed pair. The message says which field is
 * wrong and never contains the value, which is a secret.
 */
export function assertPair(value: unknown): asserts value is Pair {
  const problem = describePairProblem(value);
  if (problem !== undefined) {
    throw new TypeError(`Not a private pair: ${problem}.`);
  }
}

/** True when `value` is a pair id: 32 lowercase hex characters. */
export function isPairId(value: unknown): value is string {
  return typeof value === 'string' && PAIR_ID_PATTERN.test(value);
}

function describePairProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return 'expected an object with id and hash';
  }
  const { id, hash } = value as Record<string, unknown>;
  if (!isPairId(id)) {
    return 'id must be 32 lowercase hex characters (128 bits)';
  }
  if (typeof hash !== 'string' || !PAIR_HASH_PATTERN.test(hash)) {
    return 'hash must be 64 lowercase hex characters (256 bits)';
  }
  return undefined;
}
