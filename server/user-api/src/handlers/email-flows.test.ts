import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import {
  logIn,
  mailedToken,
  mailTo,
  newIdentity,
  send,
  serverToken,
  signUp,
  startUserApiFixture,
  type UserApiFixture,
} from '../testing/index.js';

describe.each(databaseBackends())('password reset and email verification on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('answers a reset request the same whether or not an account has the address', async () => {
    const { identity } = await signUp(fixture);
    const known = await send(fixture, 'POST', '/password/reset', { body: { email: identity.email } });
    const unknown = await send(fixture, 'POST', '/password/reset', { body: { email: newIdentity().email } });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.text()).toBe(await unknown.text());
    expect(await mailTo(fixture, identity.email)).toHaveLength(1);
  });

  it('resets the password with the mailed token once, and ends every session', async () => {
    const { identity, token } = await signUp(fixture);
    await send(fixture, 'POST', '/password/reset', { body: { email: identity.email.toUpperCase() } });
    const resetToken = await mailedToken(fixture, identity.email, 'password-reset');
    const newPassword = `${identity.password} after reset`;
    const weak = await send(fixture, 'POST', '/password/reset/confirm', {
      body: { token: resetToken, password: 'password' },
    });
    expect(weak.status).toBe(400);
    const confirm = () =>
      send(fixture, 'POST', '/password/reset/confirm', {
        body: { token: resetToken, password: newPassword },
      });
    expect((await confirm()).status).toBe(200);
    expect((await confirm()).status).toBe(410);
    expect((await send(fixture, 'GET', '/user', { token })).status).toBe(401);
    expect((await logIn(fixture, identity.email, identity.password)).status).toBe(401);
    expect((await logIn(fixture, identity.email, newPassword)).status).toBe(200);
  });

  it('voids the other reset links once one was used', async () => {
    const { identity } = await signUp(fixture);
    await send(fixture, 'POST', '/password/reset', { body: { email: identity.email } });
    const first = await mailedToken(fixture, identity.email, 'password-reset');
    await send(fixture, 'POST', '/password/reset', { body: { email: identity.email } });
    const second = await mailedToken(fixture, identity.email, 'password-reset');
    expect(second).not.toBe(first);
    const use = (token: string) =>
      send(fixture, 'POST', '/password/reset/confirm', {
        body: { token, password: `${identity.password}!` },
      });
    expect((await use(second)).status).toBe(200);
    expect((await use(first)).status).toBe(410);
  });

  it('answers 410 to an unknown reset token', async () => {
    const response = await send(fixture, 'POST', '/password/reset/confirm', {
      body: { token: 'x'.repeat(43), password: 'a perfectly fine password' },
    });
    expect(response.status).toBe(410);
    expect(((await response.json()) as { code: string }).code).toBe('GONE');
  });

  it('verifies an address with the mailed token, once', async () => {
    const { identity, token } = await signUp(fixture);
    expect((await send(fixture, 'POST', '/email/verify', { token })).status).toBe(202);
    const verification = await mailedToken(fixture, identity.email, 'email-verification');
    const confirm = () => send(fixture, 'POST', '/email/verify/confirm', { body: { token: verification } });
    const confirmed = await confirm();
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ emails: [identity.email], emailVerified: true });
    expect((await confirm()).status).toBe(410);
    const me = await send(fixture, 'GET', '/user', { token });
    expect(await me.json()).toMatchObject({ emailVerified: true });
  });

  it('keeps verified addresses verified and starts new ones unverified', async () => {
    const { identity, token } = await signUp(fixture);
    await send(fixture, 'POST', '/email/verify', { token });
    await send(fixture, 'POST', '/email/verify/confirm', {
      body: { token: await mailedToken(fixture, identity.email, 'email-verification') },
    });
    const extra = `extra-${identity.email}`;
    await send(fixture, 'PUT', '/user', {
      token,
      body: { updates: { emails: [identity.email, extra], currentPassword: identity.password } },
    });
    await send(fixture, 'POST', '/email/verify', { token });
    expect(await mailTo(fixture, extra)).toHaveLength(1);
    expect(
      (await mailTo(fixture, identity.email)).filter((mail) => mail.kind === 'email-verification'),
    ).toHaveLength(1);
  });

  it('queues mail from servers and lets servers read the outbox', async () => {
    const server = await serverToken(fixture, 'access');
    const to = newIdentity().email;
    const sent = await send(fixture, 'POST', '/outbox', {
      token: server,
      body: { to, subject: 'You are invited', text: 'Jane shares her data with you.', kind: 'invitation' },
    });
    expect(sent.status).toBe(202);
    const mails = await mailTo(fixture, to);
    expect(mails).toEqual([expect.objectContaining({ subject: 'You are invited', kind: 'invitation' })]);
  });
});
