/** Password hashing with scrypt-kdf: off the event loop, a bounded number at a time, rehash when parameters change. */
import pLimit from 'p-limit';
import { HashingProcessError, inProcessScrypt, type ScryptWork } from './hashing-process.js';
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
  /** Where scrypt runs: by default in this process; `startHashingProcess()` runs it in a niced child. */
  readonly scrypt?: ScryptWork;
}

/**
 * Makes the hasher. Its dummy hash (for unknown identifiers) is made at once, in the
 * threadpool, with the current parameters: a first unknown identifier must not take the time
 * of two hashes.
 *
 * @example const hasher = createPasswordHasher({ parameters: { logN: 14, r: 8, p: 5 }, concurrency: 2 });
 */
export function createPasswordHasher(options: PasswordHasherOptions): PasswordHasher {
  const { parameters, scrypt = inProcessScrypt } = options;
  const limit = pLimit(options.concurrency);
  const hash = (password: string) =>
    limit(async () => Buffer.from(await scrypt.kdf(password, parameters)).toString('base64'));
  const dummyPassword = 'a password that nobody has, hashed to spend the time of a check';
  let dummyHash = hash(dummyPassword);
  // Awaited by the first unknown identifier; a failure now is retried then, not thrown at nobody.
  dummyHash.catch(() => undefined);

  const verify = (storedHash: string, password: string) =>
    limit(async () => {
      try {
        return await scrypt.verify(Buffer.from(storedHash, 'base64'), password);
      } catch (error) {
        // A hash that is not scrypt-kdf's format (a damaged row) matches no password; a
        // hashing process that could not answer says nothing about the password.
        if (error instanceof HashingProcessError) throw error;
        return false;
      }
    });

  return {
    parameters,
    hash,
    verify,
    async verifyNothing(password) {
      const stored = await dummyHash.catch(() => (dummyHash = hash(dummyPassword)));
      await verify(stored, password);
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
