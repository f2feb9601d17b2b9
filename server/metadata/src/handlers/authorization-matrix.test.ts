import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { metadataContract } from '@tidepool/spec';
import { startTestPlatform, type TestPlatform, type TestUser } from '../../test-fixtures/test-platform.js';

const CALLERS = ['no token', 'stranger', 'viewer', 'uploader', 'custodian', 'self', 'server'] as const;
type Caller = (typeof CALLERS)[number];

/** The target user of one request, and the token of the caller under test. */
interface Cell {
  readonly target: TestUser;
  readonly token: string | undefined;
}

type Row = readonly [
  request: (platform: TestPlatform, cell: Cell) => Promise<Response>,
  expected: Readonly<Record<Caller, number>>,
];

const statuses = (...values: readonly number[]) =>
  Object.fromEntries(CALLERS.map((caller, index) => [caller, values[index]])) as Record<Caller, number>;

/** Every route, with the status each caller gets: no token, stranger, viewer, uploader, custodian, self, server. */
const MATRIX: Record<string, Row> = {
  getStatus: [(p) => p.call('GET', '/status'), statuses(200, 200, 200, 200, 200, 200, 200)],
  getMetrics: [(p) => p.call('GET', '/metrics'), statuses(200, 200, 200, 200, 200, 200, 200)],
  listUsers: [
    (p, c) => p.call('GET', `/users/${c.target.userid}/users`, { token: c.token }),
    statuses(401, 403, 403, 403, 403, 200, 200),
  ],
  getPrivatePair: [
    (p, c) => p.call('GET', `/internal/users/${c.target.userid}/pairs/data`, { token: c.token }),
    statuses(401, 403, 403, 403, 403, 403, 200),
  ],
  eraseUser: [
    (p, c) => p.call('DELETE', `/internal/users/${c.target.userid}`, { token: c.token }),
    statuses(401, 403, 403, 403, 403, 403, 204),
  ],
  reencryptAll: [
    (p, c) => p.call('POST', '/internal/reencrypt', { token: c.token, body: { limit: 5 } }),
    statuses(401, 403, 403, 403, 403, 403, 200),
  ],
  'getCollection profile': [
    (p, c) => p.call('GET', `/${c.target.userid}/profile`, { token: c.token }),
    statuses(401, 403, 200, 403, 200, 200, 200),
  ],
  'getCollection preferences': [
    (p, c) => p.call('GET', `/${c.target.userid}/preferences`, { token: c.token }),
    statuses(401, 403, 403, 403, 200, 200, 200),
  ],
  'getCollection settings': [
    (p, c) => p.call('GET', `/${c.target.userid}/settings`, { token: c.token }),
    statuses(401, 403, 403, 403, 200, 200, 200),
  ],
  'updateCollection profile': [
    (p, c) => p.call('PUT', `/${c.target.userid}/profile`, { token: c.token, body: { fullName: 'Changed' } }),
    statuses(401, 403, 403, 403, 200, 200, 200),
  ],
  'mergeCollection settings': [
    (p, c) => p.call('POST', `/${c.target.userid}/settings`, { token: c.token, body: { units: 'mg/dL' } }),
    statuses(401, 403, 403, 403, 200, 200, 200),
  ],
  'mergeCollection preferences': [
    (p, c) => p.call('POST', `/${c.target.userid}/preferences`, { token: c.token, body: { x: 1 } }),
    statuses(401, 403, 403, 403, 200, 200, 200),
  ],
};

describe.each(databaseBackends())('the authorization matrix of every route on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(async () => {
    await platform.close();
  });

  it('covers every route of the contract', () => {
    const covered = new Set(Object.keys(MATRIX).map((key) => key.split(' ')[0]));
    expect([...covered].sort()).toEqual(Object.keys(metadataContract).sort());
  });

  for (const [route, [request, expected]] of Object.entries(MATRIX)) {
    it(`answers ${route} as the permission rules say for each caller`, async () => {
      const answered: Partial<Record<Caller, number>> = {};
      for (const caller of CALLERS) {
        // Fresh users per cell: an erase or a write in one cell never changes the next.
        const target = await platform.newUser();
        const other = await platform.newUser();
        for (const collection of ['profile', 'preferences', 'settings']) {
          await platform.call('PUT', `/${target.userid}/${collection}`, {
            token: target.token,
            body: { fullName: 'Target' },
          });
        }
        const grants = {
          viewer: { view: {} },
          uploader: { upload: {} },
          custodian: { custodian: {} },
        } as const;
        if (caller === 'viewer' || caller === 'uploader' || caller === 'custodian')
          platform.sharing.grant(target.userid, other.userid, grants[caller]);
        const token = {
          'no token': undefined,
          stranger: other.token,
          viewer: other.token,
          uploader: other.token,
          custodian: other.token,
          self: target.token,
          server: platform.serverToken,
        }[caller];
        const response = await request(platform, { target, token });
        answered[caller] = response.status;
        if (response.status >= 400) {
          const { code } = (await response.json()) as { code: string };
          expect(code).toMatch(/^[A-Z_]+$/);
        } else {
          await response.body?.cancel();
        }
      }
      expect(answered).toEqual(expected);
    });
  }

  it('answers a stranger 403 whether or not the user exists, so existence does not leak', async () => {
    const stranger = await platform.newUser();
    const existing = await platform.newUser();
    for (const userid of [existing.userid, 'abcdef0123456789']) {
      const response = await platform.call('GET', `/${userid}/profile`, { token: stranger.token });
      expect(response.status).toBe(403);
    }
  });
});
