import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import {
  logIn,
  newIdentity,
  send,
  signUp,
  startUserApiFixture,
  type UserApiFixture,
} from '../testing/index.js';

describe.each(databaseBackends())('throttling on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend, {
      env: { LOGIN_FAILURES_PER_IDENTIFIER: '3', LOGIN_FAILURES_PER_ADDRESS: '5', REQUESTS_PER_ADDRESS: '4' },
    });
  });
  afterAll(async () => {
    await fixture.close();
  });

  /** Each test speaks from its own client address, as styx forwards it. */
  let addressCount = 0;
  const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${(addressCount += 1)}` });
  /** Signs up from an address of its own, leaving the default address's signups to the other tests. */
  async function signUpElsewhere() {
    const identity = newIdentity();
    const response = await send(fixture, 'POST', '/user', {
      headers: fromAddress(),
      body: { username: identity.username, emails: [identity.email], password: identity.password },
    });
    expect(response.status).toBe(201);
    return identity;
  }

  it('answers 429 with Retry-After once an identifier used up its failures, even with the right password', async () => {
    const { identity } = await signUp(fixture);
    const address = fromAddress();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await logIn(fixture, identity.email, 'wrong password!', address)).status).toBe(401);
    }
    const blocked = await logIn(fixture, identity.email.toUpperCase(), identity.password, fromAddress());
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });

  it('counts failures for unknown identifiers too, so that probing is throttled the same', async () => {
    const unknown = newIdentity().email;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await logIn(fixture, unknown, 'wrong password!', fromAddress())).status).toBe(401);
    }
    expect((await logIn(fixture, unknown, 'wrong password!', fromAddress())).status).toBe(429);
  });

  it('throttles a client address that fails with many identifiers', async () => {
    const address = fromAddress();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await logIn(fixture, newIdentity().email, 'wrong password!', address)).status).toBe(401);
    }
    const { identity } = await signUp(fixture);
    expect((await logIn(fixture, identity.email, identity.password, address)).status).toBe(429);
    expect((await logIn(fixture, identity.email, identity.password, fromAddress())).status).toBe(200);
  });

  it('counts a refused attempt only against the key that refused it', async () => {
    // An address out of failures: the identifier's attempts from it do not use up its own.
    const blockedAddress = fromAddress();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await logIn(fixture, newIdentity().email, 'wrong password!', blockedAddress)).status).toBe(401);
    }
    const identity = await signUpElsewhere();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await logIn(fixture, identity.email, 'wrong password!', blockedAddress)).status).toBe(429);
    }
    const elsewhere = fromAddress();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await logIn(fixture, identity.email, 'wrong password!', elsewhere)).status).toBe(401);
    }
    // An identifier out of failures: the address's attempts on it do not use up the address's.
    const address = fromAddress();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await logIn(fixture, identity.email, 'wrong password!', address)).status).toBe(429);
    }
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await logIn(fixture, newIdentity().email, 'wrong password!', address)).status).toBe(401);
    }
    expect((await logIn(fixture, newIdentity().email, 'wrong password!', address)).status).toBe(429);
  });

  it('forgives an identifier its failures once it logged in', async () => {
    const { identity } = await signUp(fixture);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await logIn(fixture, identity.email, 'wrong password!', fromAddress());
    }
    expect((await logIn(fixture, identity.email, identity.password, fromAddress())).status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await logIn(fixture, identity.email, 'wrong password!', fromAddress())).status).toBe(401);
    }
  });

  it('checks at most the allowed number of passwords when many guesses arrive at once from many addresses', async () => {
    const identity = await signUpElsewhere();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => logIn(fixture, identity.email, 'wrong password!', fromAddress())),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    // Counted before the check: three checks (401), every other guess refused before scrypt.
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
  });

  it('does not count logins with the right password against their address', async () => {
    const identity = await signUpElsewhere();
    const address = fromAddress();
    for (let attempt = 0; attempt < 7; attempt += 1) {
      expect((await logIn(fixture, identity.email, identity.password, address)).status).toBe(200);
    }
    expect((await logIn(fixture, identity.email, 'wrong password!', address)).status).toBe(401);
  });

  it('throttles wrong current passwords on account changes like failed logins', async () => {
    const { identity, token } = await signUp(fixture);
    const change = () =>
      send(fixture, 'PUT', '/user', {
        token,
        headers: fromAddress(),
        body: { updates: { emails: [identity.email], currentPassword: 'guess guess guess' } },
      });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await change()).status).toBe(403);
    expect((await change()).status).toBe(429);
  });

  it('throttles reset requests per client address', async () => {
    const address = fromAddress();
    const request = () =>
      send(fixture, 'POST', '/password/reset', { headers: address, body: { email: newIdentity().email } });
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await request()).status).toBe(202);
    expect((await request()).status).toBe(429);
  });
});
