/** Password hashing with scrypt-kdf: off the event loop, a bounded number at a time, rehash when parameters change. */
import pLimit from 'p-limit';
import { Scrypt } from './scrypt-kdf.js';
import { sameParameters, type ScryptParameters } from './scrypt-parameters.js';

/** Hashes and verifies passwords. Hashes are scrypt-kdf's 96-byte format, base64: they carry their parameters. */
export interface PasswordHasher {
  readonly parameters: ScryptParameters;
  hash(password: string): Promise<string>;
  /** Whether `password` matches `storedHash`; a malformed hash never matches. */
  verify(storedHash: string, password: string): Promise<boolean>;
  /**
   * Spends the time of one verification without a stored hash, so that an unknown
   * identifier answers in the time a wrong password takes (DESIGN.md §5).
   */
  verifyNothing(password: string): Promise<void>;
  /** Whether a stored hash was made with other parameters than the current ones. */
  needsRehash(storedHash: string): boolean;
}

export interface PasswordHasherOptions {
  readonly parameters: ScryptParameters;
  /**
   * How many hashes run at once. scrypt-kdf calls node's asynchronous `crypto.scrypt`, which
   * runs in libuv's threadpool; beyond the number of cores more only wait there, holding
   * 128·N·r bytes each and keeping the pool from file and DNS work.
   */
  readonly concurrency: number;
}

/**
 * Makes the hasher. Its dummy hash (for unknown identifiers) is made at once, in the
 * threadpool, with the current parameters: a first unknown identifier must not take the time
 * of two hashes.
 *
 * @example const hasher = createPasswordHasher({ parameters: { logN: 14, r: 8, p: 5 }, concurrency: 2 });
 */
export function createPasswordHasher(options: PasswordHasherOptions): PasswordHasher {
  const { parameters } = options;
  const limit = pLimit(options.concurrency);
  const hash = (password: string) =>
    limit(async () => Buffer.from(await Scrypt.kdf(password, parameters)).toString('base64'));
  const dummyHash = hash('a password that nobody has, hashed to spend the time of a check');

  const verify = (storedHash: string, password: string) =>
    limit(async () => {
      try {
        return await Scrypt.verify(Buffer.from(storedHash, 'base64'), password);
      } catch {
        // A hash that is not scrypt-kdf's format (a damaged row) matches no password.
        return false;
      }
    });

  return {
    parameters,
    hash,
    verify,
    async verifyNothing(password) {
      await verify(await dummyHash, password);
    },
    needsRehash(storedHash) {
      try {
        return !sameParameters(Scrypt.viewParams(Buffer.from(storedHash, 'base64')), parameters);
      } catch {
        return true;
      }
    },
  };
}
