import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';
import { Scrypt } from './scrypt-kdf.js';

const CHEAP = { logN: 4, r: 1, p: 1 };

describe('the password hasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createPasswordHasher({ parameters: CHEAP, concurrency: 2 });
    const hash = await hasher.hash('correct horse battery');
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse batter')).toBe(false);
  });

  it('salts every hash: the same password twice gives two hashes', async () => {
    const hasher = createPasswordHasher({ parameters: CHEAP, concurrency: 2 });
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('stores the parameters in the hash and asks for a rehash when they change', async () => {
    const old = createPasswordHasher({ parameters: CHEAP, concurrency: 1 });
    const current = createPasswordHasher({ parameters: { logN: 5, r: 1, p: 2 }, concurrency: 1 });
    const hash = await old.hash('a password to rehash');
    expect(Scrypt.viewParams(Buffer.from(hash, 'base64'))).toEqual(CHEAP);
    expect(old.needsRehash(hash)).toBe(false);
    expect(current.needsRehash(hash)).toBe(true);
    expect(await current.verify(hash, 'a password to rehash')).toBe(true);
  });

  it('matches no password against a damaged hash, and asks to replace it', async () => {
    const hasher = createPasswordHasher({ parameters: CHEAP, concurrency: 1 });
    expect(await hasher.verify('not a hash', 'anything at all')).toBe(false);
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });

  it('spends a verification on an unknown identifier without matching anything', async () => {
    const hasher = createPasswordHasher({ parameters: CHEAP, concurrency: 1 });
    await expect(hasher.verifyNothing('whatever')).resolves.toBeUndefined();
  });

  it('runs no more hashes at once than its concurrency', async () => {
    const hasher = createPasswordHasher({ parameters: { logN: 10, r: 8, p: 1 }, concurrency: 2 });
    let running = 0;
    let most = 0;
    const original = Scrypt.kdf;
    Scrypt.kdf = async (...args) => {
      running += 1;
      most = Math.max(most, running);
      try {
        return await original(...args);
      } finally {
        running -= 1;
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, (_, index) => hasher.hash(`password ${index}`)));
    } finally {
      Scrypt.kdf = original;
    }
    expect(most).toBe(2);
  });
});
