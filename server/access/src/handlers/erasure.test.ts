import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, or } from 'drizzle-orm';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Invitation } from '@tidepool/spec';
import { send, serverToken } from '@tidepool/user-api/testing';
import { grants, invitations } from '../db/schema.js';
import { userKeys } from '../keys/lookup-keys.js';
import {
  grant,
  newUser,
  startAccessFixture,
  verifyEmail,
  type AccessFixture,
  type TestUser,
} from '../testing/index.js';

describe.each(databaseBackends())('erasing a deleted user on %s', (backend) => {
  let fixture: AccessFixture;
  let server: string;
  beforeAll(async () => {
    fixture = await startAccessFixture(backend);
    server = await serverToken(fixture.userApi, 'user-api');
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function read(path: string): Promise<unknown> {
    const response = await send(fixture, 'GET', path, { token: server });
    expect(response.status).toBe(200);
    return response.json();
  }

  /** The rows left under the user's keys, in either column. */
  async function rowsOf(user: TestUser): Promise<number> {
    const keys = userKeys(fixture.config.ACCESS_SALT_DEPLOY, user.userid).map(({ key }) => key);
    const { db } = fixture.database;
    const grantRows = await db
      .select()
      .from(grants)
      .where(or(inArray(grants.groupKey, keys), inArray(grants.granteeKey, keys)));
    const invitationRows = await db.select().from(invitations).where(inArray(invitations.groupKey, keys));
    return grantRows.length + invitationRows.length;
  }

  it('removes every grant to and from the user, their invitations, and those to their addresses', async () => {
    const [user, theirGrantee, theirSharer, otherSharer] = await Promise.all(
      ['user', 'grantee', 'sharer', 'other'].map((label) => newUser(fixture, label)),
    );
    if (!user || !theirGrantee || !theirSharer || !otherSharer) throw new Error('signup failed');
    await verifyEmail(fixture, user);
    await grant(fixture, user.token, user.userid, theirGrantee.userid, { view: {} });
    await grant(fixture, theirSharer.token, theirSharer.userid, user.userid, { note: {} });
    await send(fixture, 'POST', `/invitations/sent/${user.userid}`, {
      token: user.token,
      body: { email: 'someone@example.org', permissions: { view: {} } },
    });
    await send(fixture, 'POST', `/invitations/sent/${otherSharer.userid}`, {
      token: otherSharer.token,
      body: { email: user.email, permissions: { view: {} } },
    });
    expect(await rowsOf(user)).toBe(3);

    const erased = await send(fixture, 'DELETE', `/internal/users/${user.userid}`, { token: server });
    expect(erased.status).toBe(204);

    expect(await rowsOf(user)).toBe(0);
    expect(await read(`/groups/${theirGrantee.userid}`)).toEqual({ [theirGrantee.userid]: { root: {} } });
    expect(await read(`/${theirSharer.userid}`)).toEqual({ [theirSharer.userid]: { root: {} } });
    expect(await read(`/invitations/sent/${user.userid}`)).toEqual([]);
    expect((await read(`/invitations/sent/${otherSharer.userid}`)) as Invitation[]).toEqual([]);
  });

  it('still erases the grants once user-api no longer knows the account', async () => {
    const user = await newUser(fixture);
    const sharer = await newUser(fixture);
    await grant(fixture, sharer.token, sharer.userid, user.userid, { view: {} });
    const deleted = await send(fixture.userApi, 'DELETE', `/user/${user.userid}`, {
      token: user.token,
      body: { password: user.password },
    });
    expect(deleted.status).toBe(204);
    const erased = await send(fixture, 'DELETE', `/internal/users/${user.userid}`, { token: server });
    expect(erased.status).toBe(204);
    expect(await rowsOf(user)).toBe(0);
    expect(await read(`/${sharer.userid}`)).toEqual({ [sharer.userid]: { root: {} } });
  });

  it('answers 204 for a user access never heard of', async () => {
    const erased = await send(fixture, 'DELETE', '/internal/users/0123456789', { token: server });
    expect(erased.status).toBe(204);
  });
});
