import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseBackends } from '@tidepool/kit/testing';
import { users } from '../db/schema.js';
import { Scrypt } from '../passwords/scrypt-kdf.js';
import { logIn, openUsersTestDatabase, signUp, startUserApiFixture } from '../testing/index.js';

describe.each(databaseBackends())('rehashing on login on %s', (backend) => {
  it('rehashes a password made with older parameters at the next successful login', async () => {
    await using database = await openUsersTestDatabase(backend);
    const storedParameters = async (userid: string) => {
      const [row] = await database.db.select().from(users).where(eq(users.userid, userid));
      return Scrypt.viewParams(Buffer.from(row?.passwordHash ?? '', 'base64'));
    };
    let signedUp;
    {
      await using before = await startUserApiFixture(backend, { database });
      signedUp = await signUp(before);
    }
    expect(await storedParameters(signedUp.user.userid)).toEqual({ logN: 4, r: 1, p: 1 });
    await using after = await startUserApiFixture(backend, {
      database,
      env: { SCRYPT_LOG_N: '5', SCRYPT_P: '2' },
    });
    expect((await logIn(after, signedUp.identity.email, 'a wrong password')).status).toBe(401);
    await after.userApi.context.background.settled();
    expect(await storedParameters(signedUp.user.userid)).toEqual({ logN: 4, r: 1, p: 1 });
    expect((await logIn(after, signedUp.identity.email, signedUp.identity.password)).status).toBe(200);
    await after.userApi.context.background.settled();
    expect(await storedParameters(signedUp.user.userid)).toEqual({ logN: 5, r: 1, p: 2 });
    expect((await logIn(after, signedUp.identity.email, signedUp.identity.password)).status).toBe(200);
  });
});
