import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { isPair, storageNames, type Pair } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import { documents } from '../db/schema.js';
import { startTestPlatform, type TestPlatform, type TestUser } from '../../test-fixtures/test-platform.js';

describe.each(databaseBackends())('private pairs and erasure on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(async () => {
    await platform.close();
  });

  function pair(user: Pick<TestUser, 'userid'>, name: string) {
    return platform.call('GET', `/internal/users/${user.userid}/pairs/${name}`, {
      token: platform.serverToken,
    });
  }
  async function metaPairOf(userid: string): Promise<Pair> {
    const response = await fetch(`${platform.userApi.url}/private/${userid}/meta`, {
      headers: { 'x-tidepool-session-token': platform.serverToken },
    });
    return (await response.json()) as Pair;
  }
  async function storedRows(meta: Pair): Promise<number> {
    const names = storageNames(platform.metadata.config.METADATA_SALT_DEPLOY, meta.id).map(
      (name) => name.name,
    );
    return (await platform.database.db.select().from(documents).where(inArray(documents.storageName, names)))
      .length;
  }

  it('creates a pair once: concurrent first requests all get the same one', async () => {
    const ann = await platform.newUser();
    const answers = await Promise.all(Array.from({ length: 8 }, () => pair(ann, 'data')));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 8 }, () => 200));
    const pairs = (await Promise.all(answers.map((answer) => answer.json()))) as Pair[];
    expect(pairs.every(isPair)).toBe(true);
    expect(new Set(pairs.map((one) => `${one.id}:${one.hash}`)).size).toBe(1);
    expect(await (await pair(ann, 'data')).json()).toEqual(pairs[0]);
  });

  it('keeps one pair per portion, and keeps the pairs when collections change', async () => {
    const ann = await platform.newUser();
    const data = (await (await pair(ann, 'data')).json()) as Pair;
    await platform.call('PUT', `/${ann.userid}/profile`, { token: ann.token, body: { fullName: 'Ann' } });
    const messages = (await (await pair(ann, 'messages')).json()) as Pair;
    expect(messages.id).not.toBe(data.id);
    expect(await (await pair(ann, 'data')).json()).toEqual(data);
    const profile = await platform.call('GET', `/${ann.userid}/profile`, { token: ann.token });
    expect(await profile.json()).toEqual({ fullName: 'Ann' });
  });

  it('answers 404 for a user id no account has, and 400 for a bad pair name', async () => {
    expect((await pair({ userid: 'fedcba9876' }, 'data')).status).toBe(404);
    const ann = await platform.newUser();
    expect((await pair(ann, 'Data')).status).toBe(400);
    expect((await pair(ann, '..%2Fmeta')).status).toBe(400);
  });

  it('erases a deleted user’s document through user-api’s erasure saga, while the tombstone answers the pair', async () => {
    const ann = await platform.newUser();
    await platform.call('PUT', `/${ann.userid}/profile`, { token: ann.token, body: { fullName: 'Ann' } });
    await pair(ann, 'data');
    const meta = await metaPairOf(ann.userid);
    expect(await storedRows(meta)).toBe(1);

    // The deletion starts the saga at once; held, it has not reached metadata yet.
    const release = platform.holdErasures();
    const deleted = await fetch(`${platform.userApi.url}/user/${ann.userid}`, {
      method: 'DELETE',
      headers: { 'x-tidepool-session-token': platform.serverToken, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(deleted.status).toBe(204);
    // The tombstone keeps the pair for metadata until it acknowledged.
    expect(await metaPairOf(ann.userid)).toEqual(meta);
    release();
    await platform.userApi.userApi.runErasures();

    expect(await storedRows(meta)).toBe(0);
    const gone = await fetch(`${platform.userApi.url}/private/${ann.userid}/meta`, {
      headers: { 'x-tidepool-session-token': platform.serverToken },
    });
    expect(gone.status).toBe(404);
    expect((await pair(ann, 'data')).status).toBe(404);
  });

  it('answers 204 to erasing a user who has nothing stored, or no account', async () => {
    const ann = await platform.newUser();
    for (const userid of [ann.userid, '0123456789abcdef']) {
      const response = await platform.call('DELETE', `/internal/users/${userid}`, {
        token: platform.serverToken,
      });
      expect(response.status).toBe(204);
    }
  });
});
