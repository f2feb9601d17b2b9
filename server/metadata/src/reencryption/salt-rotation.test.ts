import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  createPair,
  createRecordCipher,
  DecryptionError,
  generateSalt,
  parseSaltRing,
  storageName,
  type Pair,
} from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { ReencryptResult } from '@tidepool/spec';
import { documents } from '../db/schema.js';
import { createDocumentStore } from '../documents/document-store.js';
import { startTestPlatform, type TestPlatform, type TestUser } from '../../test-fixtures/test-platform.js';
import { reencryptUntilDone } from './reencrypt-until-done.js';

const SECRET_1 = generateSalt();
const SECRET_2 = generateSalt();
const ONE = `v1:${SECRET_1}`;
const BOTH = `v2:${SECRET_2},v1:${SECRET_1}`;
const TWO = `v2:${SECRET_2}`;

describe.each(databaseBackends())('a rotation of METADATA_SALT_DEPLOY on %s', (backend) => {
  let platform: TestPlatform;
  const users: { user: TestUser; name: string; data: Pair; meta: Pair }[] = [];

  async function metaPairOf(userid: string): Promise<Pair> {
    const response = await fetch(`${platform.userApi.url}/private/${userid}/meta`, {
      headers: { 'x-tidepool-session-token': platform.serverToken },
    });
    return (await response.json()) as Pair;
  }
  const rows = () => platform.database.db.select().from(documents);
  const profileOf = (user: TestUser) =>
    platform.call('GET', `/${user.userid}/profile`, { token: user.token });
  const pairOf = (user: TestUser) =>
    platform.call('GET', `/internal/users/${user.userid}/pairs/data`, { token: platform.serverToken });
  const batch = async (limit: number) => {
    const response = await platform.call('POST', '/internal/reencrypt', {
      token: platform.serverToken,
      body: { limit },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as ReencryptResult;
  };

  beforeAll(async () => {
    platform = await startTestPlatform(backend, { METADATA_SALT_DEPLOY: ONE });
    for (const name of ['Ann Old', 'Bob Old', 'Cat Old', 'Dan Old', 'Eve Old']) {
      const user = await platform.newUser();
      await platform.call('PUT', `/${user.userid}/profile`, { token: user.token, body: { fullName: name } });
      const data = (await (await pairOf(user)).json()) as Pair;
      users.push({ user, name, data, meta: await metaPairOf(user.userid) });
    }
  });
  afterAll(async () => {
    await platform.close();
  });

  it('reads the old documents under v2,v1 and moves a document to v2 when it is written', async () => {
    await platform.restartMetadata({ METADATA_SALT_DEPLOY: BOTH });
    for (const { user, name, data } of users) {
      expect(await (await profileOf(user)).json()).toEqual({ fullName: name });
      expect(await (await pairOf(user)).json()).toEqual(data);
    }
    expect((await rows()).map((row) => row.keyVersion)).toEqual(users.map(() => 1));

    const [first] = users;
    if (first === undefined) throw new Error('no users');
    await platform.call('POST', `/${first.user.userid}/profile`, { token: first.user.token, body: { a: 1 } });
    const ring = platform.metadata.config.METADATA_SALT_DEPLOY;
    const versions = (await rows()).map((row) => [row.storageName, row.keyVersion]);
    expect(versions).toContainEqual([storageName(ring, first.meta.id, 2), 2]);
    expect(versions).not.toContainEqual([storageName(ring, first.meta.id, 1), 1]);
    expect(versions).toHaveLength(users.length);
  });

  it('re-encrypts the rest in batches, and stops with what belongs to no account', async () => {
    // A document of a pair no account has: a user deleted before metadata took part in erasures.
    const orphanStore = createDocumentStore(platform.database.db, parseSaltRing('METADATA_SALT_DEPLOY', ONE));
    await orphanStore.update(createPair(), () => ({ document: { private: {} }, result: undefined }));

    const lines: string[] = [];
    const outcome = await reencryptUntilDone({ batch, limit: 2, report: (line) => lines.push(line) });
    expect(outcome).toEqual({ reencrypted: users.length - 1, remaining: 1 });
    expect(lines.length).toBeGreaterThan(2);
    const stale = (await rows()).filter((row) => row.keyVersion === 1);
    expect(stale).toHaveLength(1);
    await platform.database.db.delete(documents).where(eq(documents.keyVersion, 1));
    expect(await batch(100)).toMatchObject({ reencrypted: 0, remaining: 0 });
  });

  it('reads everything with v2 alone afterwards', async () => {
    await platform.restartMetadata({ METADATA_SALT_DEPLOY: TWO });
    for (const { user, name, data } of users) {
      expect((await (await profileOf(user)).json()) as object).toMatchObject({ fullName: name });
      expect(await (await pairOf(user)).json()).toEqual(data);
    }
  });

  it('with other salts nothing decrypts: every document route answers a 500 problem and nothing changes', async () => {
    const before = await rows();
    await platform.restartMetadata({ METADATA_SALT_DEPLOY: `v2:${generateSalt()}` });
    const [first] = users;
    if (first === undefined) throw new Error('no users');
    const answers = [
      await profileOf(first.user),
      await platform.call('PUT', `/${first.user.userid}/profile`, {
        token: first.user.token,
        body: { b: 2 },
      }),
      await pairOf(first.user),
      await platform.call('POST', '/internal/reencrypt', { token: platform.serverToken, body: {} }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(500);
      const text = await answer.text();
      const problem = JSON.parse(text) as { code: string; detail: string };
      expect(problem.code).toBe('INTERNAL');
      expect(problem.detail).toMatch(/deploy salt/);
      expect(text).not.toContain(first.name);
      expect(text).not.toContain(first.data.hash);
    }
    const status = await platform.call('GET', '/status');
    expect(status.status).toBe(503);
    expect(await rows()).toEqual(before);

    // And by hand: the stored envelopes do not open with the right pairs under another salt.
    const wrong = parseSaltRing('METADATA_SALT_DEPLOY', `v2:${generateSalt()}`);
    for (const { meta } of users) {
      const cipher = createRecordCipher({ ring: wrong, pair: meta, purpose: 'metadata/document' });
      const right = before.find(
        (row) => row.storageName === storageName(parseSaltRing('S', TWO), meta.id, 2),
      );
      if (right === undefined) throw new Error('document missing');
      expect(() =>
        cipher.openJson(right.envelope, { storageName: right.storageName, recordId: 'document' }),
      ).toThrow(DecryptionError);
    }
  });

  it('refuses a tampered envelope, or one copied from another user, with a 500 problem, and keeps it', async () => {
    await platform.restartMetadata({ METADATA_SALT_DEPLOY: TWO });
    const [first, second] = users;
    if (first === undefined || second === undefined) throw new Error('no users');
    const ring = platform.metadata.config.METADATA_SALT_DEPLOY;
    const firstName = storageName(ring, first.meta.id);
    const [row] = await platform.database.db
      .select()
      .from(documents)
      .where(eq(documents.storageName, firstName));
    const [other] = await platform.database.db
      .select()
      .from(documents)
      .where(eq(documents.storageName, storageName(ring, second.meta.id)));
    if (row === undefined || other === undefined) throw new Error('documents missing');

    const flipped = Buffer.from(row.envelope);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 0x01;
    for (const envelope of [flipped, other.envelope]) {
      await platform.database.db
        .update(documents)
        .set({ envelope })
        .where(eq(documents.storageName, firstName));
      for (const answer of [
        await profileOf(first.user),
        await platform.call('PUT', `/${first.user.userid}/settings`, {
          token: first.user.token,
          body: { c: 3 },
        }),
      ]) {
        expect(answer.status).toBe(500);
        const text = await answer.text();
        expect(JSON.parse(text)).toMatchObject({
          code: 'INTERNAL',
          detail: 'The stored metadata could not be decrypted.',
        });
        expect(text).not.toContain(second.name);
      }
      const [kept] = await platform.database.db
        .select()
        .from(documents)
        .where(eq(documents.storageName, firstName));
      expect(kept?.envelope).toEqual(envelope);
    }
  });
});
