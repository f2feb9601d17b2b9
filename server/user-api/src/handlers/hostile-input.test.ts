import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { emails, sessions, users } from '../db/schema.js';
import { newIdentity, send, signUp, startUserApiFixture, type UserApiFixture } from '../testing/index.js';

describe.each(databaseBackends())('hostile and malformed input on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend, { env: { REQUESTS_PER_ADDRESS: '10000' } });
  });
  afterAll(async () => {
    await fixture.close();
  });

  /** How many rows the login tables hold, to show that a refused request stored nothing. */
  async function rowCounts() {
    const { db } = fixture.database;
    return {
      users: (await db.select().from(users)).length,
      emails: (await db.select().from(emails)).length,
      sessions: (await db.select().from(sessions)).length,
    };
  }

  it('answers 400 to malformed Basic credentials and starts no session', async () => {
    await signUp(fixture);
    const before = await rowCounts();
    const headers = [
      'Basic',
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon-at-all').toString('base64')}`,
      `Basic ${Buffer.from(':password-without-identifier').toString('base64')}`,
      `Basic ${Buffer.from('a:b').toString('base64')} trailing`,
      'Bearer abcdefabcdefabcdef',
      `Basic ${'A'.repeat(12_000)}`,
    ];
    for (const authorization of headers) {
      const response = await fetch(`${fixture.url}/login`, { method: 'POST', headers: { authorization } });
      expect([400, 401], authorization.slice(0, 40)).toContain(response.status);
      expect(response.headers.get('x-tidepool-session-token')).toBeNull();
      await response.body?.cancel();
    }
    const noHeader = await fetch(`${fixture.url}/login`, { method: 'POST' });
    expect(noHeader.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 401, never 500, to Basic credentials that are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(':x\u0000y')]);
    const response = await fetch(`${fixture.url}/login`, {
      method: 'POST',
      headers: { authorization: `Basic ${bytes.toString('base64')}` },
    });
    expect(response.status).toBe(401);
  });

  it('answers 413 to a huge body and stores nothing', async () => {
    const before = await rowCounts();
    const identity = newIdentity();
    const response = await send(fixture, 'POST', '/user', {
      body: { emails: [identity.email], password: identity.password, username: 'x'.repeat(2_000_000) },
    });
    expect(response.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 400 to unicode and malformed email addresses and stores nothing', async () => {
    const before = await rowCounts();
    for (const email of [
      'jöhn@exämple.org',
      '用户@例子.广告',
      'a@b',
      'not an email',
      `${'a'.repeat(250)}@example.org`,
    ]) {
      const response = await send(fixture, 'POST', '/user', {
        body: { emails: [email], password: newIdentity().password },
      });
      expect(response.status, email).toBe(400);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 400 to control characters in a username, unknown fields and wrong types', async () => {
    const before = await rowCounts();
    const identity = newIdentity();
    const bodies: unknown[] = [
      { username: 'nul\u0000byte', emails: [identity.email], password: identity.password },
      { username: 'tab\tname', emails: [identity.email], password: identity.password },
      { emails: [identity.email], password: identity.password, isPatient: true },
      { emails: identity.email, password: identity.password },
      { emails: [identity.email], password: 12345678 },
      { emails: [identity.email, identity.email.toUpperCase()], password: identity.password },
      [],
    ];
    for (const body of bodies) {
      const response = await send(fixture, 'POST', '/user', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 400 to invalid JSON and 415 to another media type', async () => {
    const invalid = await fetch(`${fixture.url}/user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"emails": [',
    });
    expect(invalid.status).toBe(400);
    const form = await fetch(`${fixture.url}/user`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'emails=a%40b.org&password=whatever-whatever',
    });
    expect(form.status).toBe(415);
  });

  it('answers 401 to tokens of every odd shape', async () => {
    for (const token of ['', 'x', 'é'.repeat(40), 'a'.repeat(600), '../../etc/passwd-and-more']) {
      const response = await fetch(`${fixture.url}/user`, { headers: { 'x-tidepool-session-token': token } });
      expect(response.status, token.slice(0, 20)).toBe(401);
    }
  });
});
