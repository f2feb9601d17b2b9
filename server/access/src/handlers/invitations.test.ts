import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { staticProfileNames } from '@tidepool/service-runtime/testing';
import type { Invitation } from '@tidepool/spec';
import { mailTo, send, signUp } from '@tidepool/user-api/testing';
import {
  grant,
  newUser,
  startAccessFixture,
  verifyEmail,
  type AccessFixture,
  type TestUser,
} from '../testing/index.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(databaseBackends())('sharing by email on %s', (backend) => {
  let fixture: AccessFixture;
  /** Names by user id, read at each lookup. */
  const names: Record<string, string> = {};
  /** Added to the real time: moves the access clock for expiry. */
  let clockOffset = 0;
  beforeAll(async () => {
    fixture = await startAccessFixture(backend, {
      profileNames: staticProfileNames(names),
      now: () => new Date(Date.now() + clockOffset),
      env: { INVITATIONS_PER_HOUR: '5', PUBLIC_URL: 'https://tidepool.example.org' },
    });
  });
  afterAll(async () => {
    await fixture.close();
  });

  const freshAddress = () => `invitee-${Math.floor(Math.random() * 1e12).toString(16)}@example.org`;

  function invite(sharer: TestUser, email: string, permissions: object = { view: {} }, token = sharer.token) {
    return send(fixture, 'POST', `/invitations/sent/${sharer.userid}`, {
      token,
      body: { email, permissions },
    });
  }

  async function sentBy(sharer: TestUser): Promise<Invitation[]> {
    const response = await send(fixture, 'GET', `/invitations/sent/${sharer.userid}`, {
      token: sharer.token,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Invitation[];
  }

  async function receivedBy(user: TestUser): Promise<Invitation[]> {
    const response = await send(fixture, 'GET', `/invitations/received/${user.userid}`, {
      token: user.token,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Invitation[];
  }

  /** Signs up with `email` and verifies it. */
  async function invitee(email: string): Promise<TestUser> {
    const { user, token, identity } = await signUp(fixture.userApi, {
      username: email.replace('@', '-at-'),
      email,
      password: `correct horse ${email} battery`,
    });
    const created = { userid: user.userid, token, email, password: identity.password };
    await verifyEmail(fixture, created);
    return created;
  }

  function answer(user: TestUser, invitation: Invitation, verb: 'accept' | 'decline') {
    return send(fixture, 'POST', `/invitations/received/${user.userid}/${invitation.id}/${verb}`, {
      token: user.token,
    });
  }

  it('answers the same for an address with an account and one without', async () => {
    const sharer = await newUser(fixture);
    const known = await newUser(fixture);
    const withAccount = await invite(sharer, known.email);
    const withoutAccount = await invite(sharer, freshAddress());
    for (const response of [withAccount, withoutAccount]) {
      expect(response.status).toBe(202);
      expect(await response.text()).toBe('');
    }
    expect(withAccount.headers.get('content-type')).toBe(withoutAccount.headers.get('content-type'));
    expect(withAccount.headers.get('content-length')).toBe(withoutAccount.headers.get('content-length'));
  });

  it('mails the invitation through user-api’s outbox, naming the sharer and the platform', async () => {
    const sharer = await newUser(fixture);
    names[sharer.userid] = 'Jane Doe';
    const email = freshAddress();
    expect((await invite(sharer, email, { view: {}, note: {} })).status).toBe(202);
    const [mail] = await mailTo(fixture.userApi, email);
    expect(mail?.kind).toBe('invitation');
    expect(mail?.subject).toContain('Jane Doe');
    expect(mail?.text).toContain('https://tidepool.example.org');
    expect(mail?.text).toContain(email);
    expect(mail?.text).toContain('write notes');
    expect(mail?.text).not.toContain(sharer.userid);
  });

  it('uses a neutral wording when the sharer has no name', async () => {
    const sharer = await newUser(fixture);
    const email = freshAddress();
    await invite(sharer, email);
    const [mail] = await mailTo(fixture.userApi, email);
    expect(mail?.text).toContain('A Tidepool user invited you');
  });

  it('shows the invitation to the invitee only once they verified that address', async () => {
    const sharer = await newUser(fixture);
    names[sharer.userid] = 'Sam Sharer';
    const email = freshAddress();
    await invite(sharer, email, { view: {}, upload: {} });
    const { user, token, identity } = await signUp(fixture.userApi, {
      username: email.replace('@', '-at-'),
      email,
      password: `correct horse ${email} battery`,
    });
    const invited = { userid: user.userid, token, email, password: identity.password };
    expect(await receivedBy(invited)).toEqual([]);
    await verifyEmail(fixture, invited);
    const [received] = await receivedBy(invited);
    expect(received).toMatchObject({
      groupid: sharer.userid,
      email,
      permissions: { view: {}, upload: {} },
      status: 'pending',
      from: { fullName: 'Sam Sharer' },
    });
  });

  it('hides the invitation from an account that added the address, unverified, beside a verified one', async () => {
    const sharer = await newUser(fixture);
    const intruder = await invitee(freshAddress());
    const victim = freshAddress();
    await invite(sharer, victim);
    const changed = await send(fixture.userApi, 'PUT', '/user', {
      token: intruder.token,
      body: { updates: { emails: [intruder.email, victim], currentPassword: intruder.password } },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ emailVerified: true });
    expect(await receivedBy(intruder)).toEqual([]);
    const [invitation] = await sentBy(sharer);
    if (invitation === undefined) throw new Error('no invitation sent');
    expect((await answer(intruder, invitation, 'accept')).status).toBe(404);
  });

  it('grants the offered permissions on accept, merged with those already held, once', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    await grant(fixture, sharer.token, sharer.userid, invited.userid, { upload: {} });
    await invite(sharer, invited.email.toUpperCase(), { view: {}, note: {} });
    const [invitation] = await receivedBy(invited);
    if (invitation === undefined) throw new Error('no invitation received');
    const accepted = await answer(invited, invitation, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ upload: {}, view: {}, note: {} });
    const held = await send(fixture, 'GET', `/${sharer.userid}/${invited.userid}`, { token: invited.token });
    expect(await held.json()).toEqual({ upload: {}, view: {}, note: {} });
    expect((await sentBy(sharer)).map(({ status }) => status)).toEqual(['accepted']);
    expect(await receivedBy(invited)).toEqual([]);
    expect((await answer(invited, invitation, 'accept')).status).toBe(404);
  });

  it('closes the invitation on decline without granting anything', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    await invite(sharer, invited.email);
    const [invitation] = await receivedBy(invited);
    if (invitation === undefined) throw new Error('no invitation received');
    expect((await answer(invited, invitation, 'decline')).status).toBe(204);
    expect((await sentBy(sharer)).map(({ status }) => status)).toEqual(['declined']);
    expect((await answer(invited, invitation, 'accept')).status).toBe(404);
    const held = await send(fixture, 'GET', `/${sharer.userid}/${invited.userid}`, { token: invited.token });
    expect(held.status).toBe(404);
  });

  it('answers 404 problem to anyone but the user whose verified address was invited', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    const other = await invitee(freshAddress());
    await invite(sharer, invited.email);
    const [invitation] = await receivedBy(invited);
    if (invitation === undefined) throw new Error('no invitation received');
    const response = await answer(other, invitation, 'accept');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await sentBy(sharer))[0]?.status).toBe('pending');
  });

  it('cancels a pending invitation, which then can no longer be accepted or canceled', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    await invite(sharer, invited.email);
    const [invitation] = await sentBy(sharer);
    if (invitation === undefined) throw new Error('no invitation sent');
    const cancel = () =>
      send(fixture, 'DELETE', `/invitations/sent/${sharer.userid}/${invitation.id}`, { token: sharer.token });
    expect((await cancel()).status).toBe(204);
    expect((await sentBy(sharer)).map(({ status }) => status)).toEqual(['canceled']);
    expect(await receivedBy(invited)).toEqual([]);
    expect((await answer(invited, invitation, 'accept')).status).toBe(404);
    expect((await cancel()).status).toBe(404);
  });

  it('answers 404 problem when canceling another group’s invitation', async () => {
    const sharer = await newUser(fixture);
    const other = await newUser(fixture);
    await invite(sharer, freshAddress());
    const [invitation] = await sentBy(sharer);
    const response = await send(fixture, 'DELETE', `/invitations/sent/${other.userid}/${invitation?.id}`, {
      token: other.token,
    });
    expect(response.status).toBe(404);
    expect((await sentBy(sharer))[0]?.status).toBe('pending');
  });

  it('lets an invitation expire: shown as expired, no longer received, accepted or canceled', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    await invite(sharer, invited.email);
    const [invitation] = await sentBy(sharer);
    if (invitation === undefined) throw new Error('no invitation sent');
    expect(Date.parse(invitation.expiresTime) - Date.parse(invitation.createdTime)).toBe(7 * DAY);
    clockOffset = 8 * DAY;
    try {
      expect((await sentBy(sharer)).map(({ status }) => status)).toEqual(['expired']);
      expect(await receivedBy(invited)).toEqual([]);
      expect((await answer(invited, invitation, 'accept')).status).toBe(404);
      const cancel = await send(fixture, 'DELETE', `/invitations/sent/${sharer.userid}/${invitation.id}`, {
        token: sharer.token,
      });
      expect(cancel.status).toBe(404);
    } finally {
      clockOffset = 0;
    }
  });

  it('replaces a pending invitation of the same group to the same address', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    await invite(sharer, invited.email, { view: {} });
    const [first] = await sentBy(sharer);
    await invite(sharer, invited.email.toUpperCase(), { view: {}, upload: {} });
    const sent = await sentBy(sharer);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 'pending', permissions: { view: {}, upload: {} } });
    expect(sent[0]?.id).not.toBe(first?.id);
    if (first === undefined) throw new Error('no invitation sent');
    expect((await answer(invited, first, 'accept')).status).toBe(404);
    expect(await receivedBy(invited)).toHaveLength(1);
  });

  it('keeps one pending invitation, and accepts it once, when requests race', async () => {
    const sharer = await newUser(fixture);
    const invited = await invitee(freshAddress());
    const sends = await Promise.all([invite(sharer, invited.email), invite(sharer, invited.email)]);
    expect(sends.map(({ status }) => status)).toEqual([202, 202]);
    const [invitation, ...others] = await receivedBy(invited);
    expect(others).toEqual([]);
    if (invitation === undefined) throw new Error('no invitation received');
    const answers = await Promise.all([
      answer(invited, invitation, 'accept'),
      answer(invited, invitation, 'accept'),
    ]);
    expect(answers.map(({ status }) => status).sort()).toEqual([200, 404]);
  });

  it('lists the sent invitations newest first, to the group’s managers', async () => {
    const sharer = await newUser(fixture);
    const admin = await newUser(fixture);
    await grant(fixture, sharer.token, sharer.userid, admin.userid, { admin: {} });
    const [older, newer] = [freshAddress(), freshAddress()];
    await invite(sharer, older);
    clockOffset = 1000;
    try {
      await invite(sharer, newer, { note: {} }, admin.token);
    } finally {
      clockOffset = 0;
    }
    const response = await send(fixture, 'GET', `/invitations/sent/${sharer.userid}`, { token: admin.token });
    expect(((await response.json()) as Invitation[]).map(({ email }) => email)).toEqual([newer, older]);
  });

  it('limits the invitations of a group per hour with 429 problem and Retry-After', async () => {
    const sharer = await newUser(fixture);
    for (let sent = 0; sent < 5; sent += 1) expect((await invite(sharer, freshAddress())).status).toBe(202);
    const refused = await invite(sharer, freshAddress());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await sentBy(sharer)).toHaveLength(5);
    const other = await newUser(fixture);
    expect((await invite(other, freshAddress())).status).toBe(202);
  });

  it('answers 400 problem for a malformed invitation', async () => {
    const sharer = await newUser(fixture);
    const bodies = [
      { email: 'not an address', permissions: { view: {} } },
      { email: freshAddress(), permissions: {} },
      { email: freshAddress(), permissions: { root: {} } },
      { email: freshAddress(), permissions: { view: {} }, note: 'hello' },
      { email: freshAddress() },
    ];
    for (const body of bodies) {
      const response = await send(fixture, 'POST', `/invitations/sent/${sharer.userid}`, {
        token: sharer.token,
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 400 });
    }
    const badId = await send(fixture, 'POST', `/invitations/received/${sharer.userid}/not*an*id/accept`, {
      token: sharer.token,
    });
    expect(badId.status).toBe(400);
    expect(await sentBy(sharer)).toEqual([]);
  });
});
