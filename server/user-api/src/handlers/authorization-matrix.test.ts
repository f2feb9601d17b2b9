import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { userApiContract } from '@tidepool/spec';
import {
  basicAuthorization,
  newIdentity,
  send,
  serverToken,
  signUp,
  startUserApiFixture,
  type UserApiFixture,
} from '../testing/index.js';

type Credential = 'no token' | 'other user' | 'self' | 'server';
const CREDENTIALS: readonly Credential[] = ['no token', 'other user', 'self', 'server'];

/** Fresh accounts for one cell: `target` is whose account the request is about. */
interface Cell {
  readonly target: Awaited<ReturnType<typeof signUp>>;
  readonly other: Awaited<ReturnType<typeof signUp>>;
  readonly server: string;
  /** The token of the credential under test, if any. */
  readonly token: string | undefined;
}

type Row = readonly [
  request: (fixture: UserApiFixture, cell: Cell) => Promise<Response>,
  expected: readonly number[],
];

/** Every route of the contract, with the status each credential gets: no token, other user, self, server. */
const MATRIX: Record<keyof typeof userApiContract, Row> = {
  getStatus: [(f) => send(f, 'GET', '/status'), [200, 200, 200, 200]],
  getMetrics: [(f) => send(f, 'GET', '/metrics'), [200, 200, 200, 200]],
  signup: [
    (f, c) => {
      const identity = newIdentity();
      return send(f, 'POST', '/user', {
        token: c.token,
        body: { emails: [identity.email], password: identity.password },
      });
    },
    [201, 201, 201, 201],
  ],
  getCurrentUser: [(f, c) => send(f, 'GET', '/user', { token: c.token }), [401, 200, 200, 403]],
  getUser: [
    (f, c) => send(f, 'GET', `/user/${c.target.user.userid}`, { token: c.token }),
    [401, 403, 200, 200],
  ],
  updateCurrentUser: [
    (f, c) =>
      send(f, 'PUT', '/user', { token: c.token, body: { updates: { username: newIdentity().username } } }),
    [401, 200, 200, 403],
  ],
  updateUser: [
    (f, c) =>
      send(f, 'PUT', `/user/${c.target.user.userid}`, {
        token: c.token,
        body: { updates: { username: newIdentity().username } },
      }),
    [401, 403, 200, 200],
  ],
  deleteCurrentUser: [
    (f, c) => {
      const password = c.token === c.other.token ? c.other.identity.password : c.target.identity.password;
      return send(f, 'DELETE', '/user', { token: c.token, body: { password } });
    },
    [401, 204, 204, 403],
  ],
  deleteUser: [
    (f, c) =>
      send(f, 'DELETE', `/user/${c.target.user.userid}`, {
        token: c.token,
        body: c.token === c.server ? {} : { password: c.target.identity.password },
      }),
    [401, 403, 204, 204],
  ],
  getPrivatePair: [
    (f, c) => send(f, 'GET', `/private/${c.target.user.userid}/meta`, { token: c.token }),
    [401, 403, 403, 200],
  ],
  listUserIds: [
    (f, c) => send(f, 'GET', '/internal/users?limit=5', { token: c.token }),
    [401, 403, 403, 200],
  ],
  login: [
    (f, c) =>
      send(f, 'POST', '/login', {
        token: c.token,
        headers: { authorization: basicAuthorization(c.target.identity.email, c.target.identity.password) },
      }),
    [200, 200, 200, 200],
  ],
  refreshSession: [(f, c) => send(f, 'GET', '/login', { token: c.token }), [401, 200, 200, 401]],
  logout: [(f, c) => send(f, 'POST', '/logout', { token: c.token }), [401, 200, 200, 200]],
  logoutEverywhere: [(f, c) => send(f, 'POST', '/logout/all', { token: c.token }), [401, 200, 200, 403]],
  listSessions: [(f, c) => send(f, 'GET', '/sessions', { token: c.token }), [401, 200, 200, 403]],
  streamRevocations: [
    (f, c) => send(f, 'GET', '/sessions/revocations', { token: c.token }),
    [401, 403, 403, 200],
  ],
  revokeSession: [
    async (f, c) => {
      const sessions = await send(f, 'GET', '/sessions', { token: c.target.token });
      const [session] = (await sessions.json()) as { id: string }[];
      return send(f, 'DELETE', `/sessions/${session?.id ?? 'none'}`, { token: c.token });
    },
    [401, 404, 204, 404],
  ],
  serverLogin: [
    (f, c) =>
      send(f, 'POST', '/serverlogin', { token: c.token, headers: { 'x-tidepool-server-name': 'data' } }),
    [401, 401, 401, 401],
  ],
  checkToken: [
    (f, c) => send(f, 'GET', `/token/${c.target.token}`, { token: c.token }),
    [401, 403, 403, 200],
  ],
  requestPasswordReset: [
    (f, c) =>
      send(f, 'POST', '/password/reset', { token: c.token, body: { email: c.target.identity.email } }),
    [202, 202, 202, 202],
  ],
  confirmPasswordReset: [
    (f, c) =>
      send(f, 'POST', '/password/reset/confirm', {
        token: c.token,
        body: { token: 'y'.repeat(43), password: 'a perfectly fine password' },
      }),
    [410, 410, 410, 410],
  ],
  requestEmailVerification: [
    (f, c) => send(f, 'POST', '/email/verify', { token: c.token }),
    [401, 202, 202, 403],
  ],
  confirmEmailVerification: [
    (f, c) => send(f, 'POST', '/email/verify/confirm', { token: c.token, body: { token: 'z'.repeat(43) } }),
    [410, 410, 410, 410],
  ],
  readOutbox: [(f, c) => send(f, 'GET', '/outbox', { token: c.token }), [401, 403, 403, 200]],
  sendMail: [
    (f, c) =>
      send(f, 'POST', '/outbox', {
        token: c.token,
        body: { to: newIdentity().email, subject: 'Hello', text: 'Hello there.', kind: 'account-notice' },
      }),
    [401, 403, 403, 202],
  ],
};

describe.each(databaseBackends())('the authorization matrix of every route on %s', (backend) => {
  let fixture: UserApiFixture;
  beforeAll(async () => {
    fixture = await startUserApiFixture(backend, { env: { REQUESTS_PER_ADDRESS: '10000' } });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('covers every route of the contract', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(userApiContract).sort());
  });

  for (const [route, [request, expected]] of Object.entries(MATRIX)) {
    it(`answers ${route} with the expected status for no token, another user, the user, a server`, async () => {
      const statuses: number[] = [];
      for (const credential of CREDENTIALS) {
        const target = await signUp(fixture);
        const other = await signUp(fixture);
        const server = await serverToken(fixture, 'metadata');
        const token = { 'no token': undefined, 'other user': other.token, self: target.token, server }[
          credential
        ];
        const response = await request(fixture, { target, other, server, token });
        statuses.push(response.status);
        if (response.status >= 400) {
          const { code } = (await response.json()) as { code: string };
          expect(code).toMatch(/^[A-Z_]+$/);
        } else {
          await response.body?.cancel();
        }
      }
      expect(statuses).toEqual(expected);
    });
  }
});
