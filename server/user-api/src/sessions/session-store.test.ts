import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import { createAccountStore } from '../accounts/account-store.js';
import { sessionTokens, type UserApiSchema } from '../db/schema.js';
import { openUsersTestDatabase } from '../testing/index.js';
import { hashToken } from './secret-tokens.js';
import { createSessionStore } from './session-store.js';

const HOUR = 3_600_000;

describe.each(databaseBackends())('the session store on %s', (backend) => {
  let database: OpenedDatabase<UserApiSchema>;
  beforeAll(async () => {
    database = await openUsersTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  async function setUp() {
    const clock = { now: new Date('2030-01-01T00:00:00Z').getTime() };
    const now = () => new Date(clock.now);
    const store = createSessionStore(database.db, {
      lifetimes: { idleSeconds: 3600, lifetimeSeconds: 8 * 3600, serverSeconds: 1800 },
      now,
    });
    const account = await createAccountStore(database.db, now).create({
      emails: [`store-${Math.random().toString(16).slice(2)}@example.org`],
      passwordHash: 'not used here',
    });
    return { clock, store, userid: account.userid };
  }

  it('stores only the SHA-256 of a token', async () => {
    const { store, userid } = await setUp();
    const { token } = await store.startUserSession(userid);
    const rows = await database.db.select().from(sessionTokens);
    expect(rows.some((row) => row.tokenHash === hashToken(token))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('ends a session after an hour without use, and keeps it while it is used', async () => {
    const { clock, store, userid } = await setUp();
    const used = await store.startUserSession(userid);
    const idle = await store.startUserSession(userid);
    clock.now += 0.9 * HOUR;
    expect(await store.check(used.token)).toMatchObject({ kind: 'user', userid });
    clock.now += 0.9 * HOUR;
    expect(await store.check(used.token)).toMatchObject({ kind: 'user', userid });
    expect(await store.check(idle.token)).toBeNull();
  });

  it('ends a session at its absolute expiry however much it is used, refreshed tokens included', async () => {
    const { clock, store, userid } = await setUp();
    const { token, sessionId } = await store.startUserSession(userid);
    for (let hour = 0; hour < 7; hour += 1) {
      clock.now += 0.9 * HOUR;
      expect(await store.check(token)).not.toBeNull();
    }
    const refreshed = await store.refresh(sessionId);
    clock.now += 1.8 * HOUR;
    expect(await store.check(token)).toBeNull();
    expect(await store.check(refreshed)).toBeNull();
  });

  it('answers the earlier of the idle and the absolute expiry', async () => {
    const { store, userid } = await setUp();
    const { token } = await store.startUserSession(userid);
    const owner = await store.check(token);
    expect(owner?.expiresTime.toISOString()).toBe('2030-01-01T01:00:00.000Z');
  });

  it('ends server sessions at their lifetime', async () => {
    const { clock, store } = await setUp();
    const { token } = await store.startServerSession('metadata');
    expect(await store.check(token)).toMatchObject({ kind: 'server', serverName: 'metadata' });
    clock.now += 0.6 * HOUR;
    expect(await store.check(token)).toBeNull();
  });
});
