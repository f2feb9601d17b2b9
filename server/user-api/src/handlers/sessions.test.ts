import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { logIn, send, signUp, startUserApiFixture, type UserApiFixture } from '../testing/index.js';

describe.each(databaseBackends())('sessions on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function secondSession(email: string, password: string): Promise<string> {
    return (await logIn(fixture, email, password)).headers.get(SESSION_TOKEN_HEADER) ?? '';
  }

  it('lists my live sessions newest first, marks the current one and never shows a token', async () => {
    const { identity, token } = await signUp(fixture);
    const other = await secondSession(identity.email, identity.password);
    const response = await send(fixture, 'GET', '/sessions', { token: other });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(other);
    const sessions = JSON.parse(text) as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.map((session) => session.current)).toEqual([true, false]);
  });

  it('ends one of my sessions by id, and answers 404 for a session of someone else', async () => {
    const { identity, token } = await signUp(fixture);
    const phone = await secondSession(identity.email, identity.password);
    const sessions = (await (await send(fixture, 'GET', '/sessions', { token })).json()) as {
      id: string;
      current: boolean;
    }[];
    const phoneSession = sessions.find((session) => !session.current)?.id ?? '';
    const stranger = await signUp(fixture);
    expect(
      (await send(fixture, 'DELETE', `/sessions/${phoneSession}`, { token: stranger.token })).status,
    ).toBe(404);
    expect((await send(fixture, 'DELETE', `/sessions/${phoneSession}`, { token })).status).toBe(204);
    expect((await send(fixture, 'GET', '/user', { token: phone })).status).toBe(401);
    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(200);
  });

  it('logs out everywhere: every session ends, this one included', async () => {
    const { identity, token } = await signUp(fixture);
    const other = await secondSession(identity.email, identity.password);
    const response = await send(fixture, 'POST', '/logout/all', { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: 2 });
    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(401);
    expect((await send(fixture, 'GET', '/user', { token: other })).status).toBe(401);
  });

  it('ends every other session when the password changes, and keeps the one that changed it', async () => {
    const { identity, token } = await signUp(fixture);
    const other = await secondSession(identity.email, identity.password);
    const newPassword = `${identity.password} renewed`;
    const refused = await send(fixture, 'PUT', '/user', {
      token,
      body: { updates: { password: newPassword, currentPassword: 'not the password' } },
    });
    expect(refused.status).toBe(403);
    const changed = await send(fixture, 'PUT', '/user', {
      token,
      body: { updates: { password: newPassword, currentPassword: identity.password } },
    });
    expect(changed.status).toBe(200);
    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(200);
    expect((await send(fixture, 'GET', '/user', { token: other })).status).toBe(401);
    expect((await logIn(fixture, identity.email, identity.password)).status).toBe(401);
    expect((await logIn(fixture, identity.email, newPassword)).status).toBe(200);
  });

  it('needs the current password to change emails, but not the username', async () => {
    const { identity, token, user } = await signUp(fixture);
    const newEmail = `renamed-${identity.email}`;
    const withoutPassword = await send(fixture, 'PUT', '/user', {
      token,
      body: { updates: { emails: [newEmail] } },
    });
    expect(withoutPassword.status).toBe(403);
    const renamed = await send(fixture, 'PUT', '/user', {
      token,
      body: { updates: { username: `renamed-${identity.username}` } },
    });
    expect(renamed.status).toBe(200);
    const moved = await send(fixture, 'PUT', `/user/${user.userid}`, {
      token,
      body: { updates: { emails: [newEmail], currentPassword: identity.password } },
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      emails: [newEmail],
      username: `renamed-${identity.username}`,
    });
    expect((await logIn(fixture, newEmail, identity.password)).status).toBe(200);
    expect((await logIn(fixture, identity.email, identity.password)).status).toBe(401);
  });

  it('answers a token check for servers with the owner and the session', async () => {
    const { user, token } = await signUp(fixture);
    const server = (
      await fetch(`${fixture.url}/serverlogin`, {
        method: 'POST',
        headers: {
          'x-tidepool-server-name': 'data',
          'x-tidepool-server-secret': fixture.config.SERVER_SECRET,
        },
      })
    ).headers.get(SESSION_TOKEN_HEADER);
    const answer = await send(fixture, 'GET', `/token/${token}`, { token: server ?? '' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ userid: user.userid, isserver: false });
    const own = await send(fixture, 'GET', `/token/${server ?? ''}`, { token: server ?? '' });
    expect(await own.json()).toMatchObject({ userid: 'data', isserver: true });
    await send(fixture, 'POST', '/logout', { token });
    expect((await send(fixture, 'GET', `/token/${token}`, { token: server ?? '' })).status).toBe(404);
  });

  it('refuses a wrong server secret', async () => {
    const response = await fetch(`${fixture.url}/serverlogin`, {
      method: 'POST',
      headers: {
        'x-tidepool-server-name': 'data',
        'x-tidepool-server-secret': `${fixture.config.SERVER_SECRET}x`,
      },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get(SESSION_TOKEN_HEADER)).toBeNull();
  });
});
