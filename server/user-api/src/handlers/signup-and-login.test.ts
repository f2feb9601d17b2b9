import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import {
  logIn,
  newIdentity,
  send,
  signUp,
  startUserApiFixture,
  type UserApiFixture,
} from '../testing/index.js';

describe.each(databaseBackends())('signup and login on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('creates an account and answers it with a session token in the header', async () => {
    const identity = newIdentity();
    const response = await send(fixture, 'POST', '/user', {
      body: { username: identity.username, emails: [identity.email], password: identity.password },
    });
    expect(response.status).toBe(201);
    const token = response.headers.get(SESSION_TOKEN_HEADER) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const user = (await response.json()) as Record<string, unknown>;
    expect(user).toMatchObject({
      username: identity.username,
      emails: [identity.email],
      emailVerified: false,
    });
    expect(user.userid).toMatch(/^[a-f0-9]{10}$/);
    const me = await send(fixture, 'GET', '/user', { token });
    expect(await me.json()).toEqual(user);
  });

  it('logs in with the username or any email address, in any case', async () => {
    const identity = newIdentity();
    const second = `second-${identity.email}`;
    const created = await send(fixture, 'POST', '/user', {
      body: { username: identity.username, emails: [identity.email, second], password: identity.password },
    });
    const { userid } = (await created.json()) as { userid: string };
    for (const identifier of [identity.username.toUpperCase(), identity.email.toUpperCase(), second]) {
      const response = await logIn(fixture, identifier, identity.password);
      expect(response.status).toBe(200);
      expect(response.headers.get(SESSION_TOKEN_HEADER)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(((await response.json()) as { userid: string }).userid).toBe(userid);
    }
  });

  it('answers an unknown identifier and a wrong password with the same status and body', async () => {
    const { identity } = await signUp(fixture);
    const wrongPassword = await logIn(fixture, identity.email, `${identity.password}x`);
    const unknown = await logIn(fixture, `nobody-${identity.email}`, identity.password);
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    const withoutRequestId = async (response: Response) => {
      const { requestId, ...rest } = (await response.json()) as Record<string, unknown>;
      expect(requestId).toBeTypeOf('string');
      return rest;
    };
    expect(await withoutRequestId(wrongPassword)).toEqual(await withoutRequestId(unknown));
    expect(wrongPassword.headers.get(SESSION_TOKEN_HEADER)).toBeNull();
  });

  it('refreshes a session: a new token for the same user, the old one still valid', async () => {
    const { user, token } = await signUp(fixture);
    const response = await send(fixture, 'GET', '/login', { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ userid: user.userid });
    const fresh = response.headers.get(SESSION_TOKEN_HEADER) ?? '';
    expect(fresh).not.toBe(token);
    expect((await send(fixture, 'GET', '/user', { token: fresh })).status).toBe(200);
    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(200);
  });

  it('logs out: the token and its refreshed siblings stop working at once', async () => {
    const { token } = await signUp(fixture);
    const refreshed =
      (await send(fixture, 'GET', '/login', { token })).headers.get(SESSION_TOKEN_HEADER) ?? '';
    expect((await send(fixture, 'POST', '/logout', { token })).status).toBe(200);
    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(401);
    expect((await send(fixture, 'GET', '/user', { token: refreshed })).status).toBe(401);
  });

  it('refuses a username or an address that another account has, in any case (409)', async () => {
    const { identity } = await signUp(fixture);
    const other = newIdentity();
    const sameEmail = await send(fixture, 'POST', '/user', {
      body: { emails: [identity.email.toUpperCase()], password: other.password },
    });
    expect(sameEmail.status).toBe(409);
    const usernameIsTheirEmail = await send(fixture, 'POST', '/user', {
      body: { username: identity.email, emails: [other.email], password: other.password },
    });
    expect(usernameIsTheirEmail.status).toBe(409);
    expect(((await usernameIsTheirEmail.json()) as { code: string }).code).toBe('CONFLICT');
  });

  it('accepts a username equal to the account’s own address, as Tidepool clients send', async () => {
    const identity = newIdentity();
    const response = await send(fixture, 'POST', '/user', {
      body: { username: identity.email, emails: [identity.email], password: identity.password },
    });
    expect(response.status).toBe(201);
    expect((await logIn(fixture, identity.email, identity.password)).status).toBe(200);
  });

  it('refuses short and common passwords but takes long ones with any characters', async () => {
    const attempt = (password: string) =>
      send(fixture, 'POST', '/user', { body: { emails: [newIdentity().email], password } });
    const common = await attempt('password1');
    expect(common.status).toBe(400);
    expect(((await common.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('password');
    expect((await attempt('Baseball1')).status).toBe(400);
    expect((await attempt('short')).status).toBe(400);
    expect((await attempt('🦄 long passphrase '.repeat(5))).status).toBe(201);
    expect((await attempt('x'.repeat(1024))).status).toBe(201);
    expect((await attempt('x'.repeat(1025))).status).toBe(400);
  });

  it('answers 400 to a login without Basic credentials', async () => {
    const response = await fetch(`${fixture.url}/login`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(response.status).toBe(400);
  });
});
