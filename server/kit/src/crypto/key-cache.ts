/** A bounded, least-recently-used map of derived keys, looked up by a digest of what they derive from. */
import { createHash, type KeyObject } from 'node:crypto';

/** Enough for the keys of every active user of a busy slot; each entry is well under a kilobyte. */
export const DEFAULT_KEY_CACHE_SIZE = 10_000;

/**
 * Keys are derived once and then reused. The map is looked up by a SHA-256 digest of the
 * derivation inputs, so no secret appears as a map key (or in a heap dump's string table), and
 * values are `KeyObject`s, which print as `SecretKeyObject { type: 'secret' }` if ever logged.
 */
export class KeyCache {
  readonly #entries = new Map<string, KeyObject>();

  constructor(readonly maxEntries: number = DEFAULT_KEY_CACHE_SIZE) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError('A key cache needs room for at least one key.');
    }
  }

  /** How many keys are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached key for these inputs, or the result of `derive`, cached. The oldest-used key makes room. */
  getOrDerive(inputs: readonly (string | Uint8Array)[], derive: () => KeyObject): KeyObject {
    const cacheKey = digestOf(inputs);
    const cached = this.#entries.get(cacheKey);
    if (cached !== undefined) {
      // A Map iterates in insertion order: moving a hit to the end keeps the least recently used first.
      this.#entries.delete(cacheKey);
      this.#entries.set(cacheKey, cached);
      return cached;
    }
    const key = derive();
    this.#entries.set(cacheKey, key);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) {
        this.#entries.delete(oldest.value);
      }
    }
    return key;
  }

  /** Forgets every key. */
  clear(): void {
    this.#entries.clear();
  }
}

/** Each input is length-prefixed, so no two different input lists can hash the same bytes. */
function digestOf(inputs: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  const length = Buffer.alloc(4);
  for (const input of inputs) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return hash.digest('base64url');
}
