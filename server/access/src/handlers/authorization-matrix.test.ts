import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { accessContract, type Invitation } from '@tidepool/spec';
import { send, serverToken } from '@tidepool/user-api/testing';
import {
  grant,
  newUser,
  startAccessFixture,
  verifyEmail,
  type AccessFixture,
  type TestUser,
} from '../testing/index.js';

const CREDENTIALS = [
  'no token',
  'stranger',
  'viewer',
  'uploader',
  'custodian',
  'admin',
  'self',
  'server',
] as const;
type Credential = (typeof CREDENTIALS)[number];

/** Fresh users for one cell: `owner` is whose data the request is about; the others hold what they are named after. */
interface World {
  readonly owner: TestUser;
  readonly viewer: TestUser;
  readonly tokens: Readonly<Record<Credential, string | undefined>>;
}

type Request = (fixture: AccessFixture, world: World, token: string | undefined) => Promise<Response>;
/** The request and the status of each credential, in the order of CREDENTIALS. */
type Row = readonly [request: Request, expected: readonly number[]];

async function sentInvitationId(fixture: AccessFixture, owner: TestUser): Promise<string> {
  const sent = await send(fixture, 'POST', `/invitations/sent/${owner.userid}`, {
    token: owner.token,
    body: { email: `invitee-${owner.userid}@example.org`, permissions: { view: {} } },
  });
  expect(sent.status).toBe(202);
  const list = await send(fixture, 'GET', `/invitations/sent/${owner.userid}`, { token: owner.token });
  const [invitation] = (await list.json()) as Invitation[];
  return invitation?.id ?? 'none';
}

/** An invitation from someone else to the owner's address, which the owner has verified. */
async function receivedInvitationId(fixture: AccessFixture, owner: TestUser): Promise<string> {
  const sharer = await newUser(fixture, 'sharer');
  await verifyEmail(fixture, owner);
  await send(fixture, 'POST', `/invitations/sent/${sharer.userid}`, {
    token: sharer.token,
    body: { email: owner.email, permissions: { view: {} } },
  });
  const list = await send(fixture, 'GET', `/invitations/received/${owner.userid}`, { token: owner.token });
  const [invitation] = (await list.json()) as Invitation[];
  return invitation?.id ?? 'none';
}

const MATRIX: Record<keyof typeof accessContract, Row> = {
  getStatus: [(f) => send(f, 'GET', '/status'), [200, 200, 200, 200, 200, 200, 200, 200]],
  getMetrics: [(f) => send(f, 'GET', '/metrics'), [200, 200, 200, 200, 200, 200, 200, 200]],
  listGroups: [
    (f, w, token) => send(f, 'GET', `/groups/${w.owner.userid}`, { token }),
    [401, 403, 403, 403, 403, 403, 200, 200],
  ],
  sendInvitation: [
    (f, w, token) =>
      send(f, 'POST', `/invitations/sent/${w.owner.userid}`, {
        token,
        body: { email: 'someone@example.org', permissions: { view: {} } },
      }),
    [401, 403, 403, 403, 202, 202, 202, 202],
  ],
  listSentInvitations: [
    (f, w, token) => send(f, 'GET', `/invitations/sent/${w.owner.userid}`, { token }),
    [401, 403, 403, 403, 200, 200, 200, 200],
  ],
  cancelInvitation: [
    async (f, w, token) => {
      const id = await sentInvitationId(f, w.owner);
      return send(f, 'DELETE', `/invitations/sent/${w.owner.userid}/${id}`, { token });
    },
    [401, 403, 403, 403, 204, 204, 204, 204],
  ],
  listReceivedInvitations: [
    (f, w, token) => send(f, 'GET', `/invitations/received/${w.owner.userid}`, { token }),
    [401, 403, 403, 403, 403, 403, 200, 403],
  ],
  acceptInvitation: [
    async (f, w, token) => {
      const id = await receivedInvitationId(f, w.owner);
      return send(f, 'POST', `/invitations/received/${w.owner.userid}/${id}/accept`, { token });
    },
    [401, 403, 403, 403, 403, 403, 200, 403],
  ],
  declineInvitation: [
    async (f, w, token) => {
      const id = await receivedInvitationId(f, w.owner);
      return send(f, 'POST', `/invitations/received/${w.owner.userid}/${id}/decline`, { token });
    },
    [401, 403, 403, 403, 403, 403, 204, 403],
  ],
  eraseUser: [
    (f, w, token) => send(f, 'DELETE', `/internal/users/${w.owner.userid}`, { token }),
    [401, 403, 403, 403, 403, 403, 403, 204],
  ],
  listGrantees: [
    (f, w, token) => send(f, 'GET', `/${w.owner.userid}`, { token }),
    [401, 403, 403, 403, 200, 200, 200, 200],
  ],
  getPermissions: [
    (f, w, token) => send(f, 'GET', `/${w.owner.userid}/${w.viewer.userid}`, { token }),
    // The viewer is the user asked about, so may ask.
    [401, 403, 200, 403, 200, 200, 200, 200],
  ],
  setPermissions: [
    async (f, w, token) => {
      const newcomer = await newUser(f, 'newcomer');
      return send(f, 'POST', `/${w.owner.userid}/${newcomer.userid}`, { token, body: { view: {} } });
    },
    [401, 403, 403, 403, 200, 200, 200, 200],
  ],
};

describe.each(databaseBackends())('the authorization matrix of every route on %s', (backend) => {
  let fixture: AccessFixture;
  beforeAll(async () => {
    fixture = await startAccessFixture(backend);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function newWorld(): Promise<World> {
    const [owner, stranger, viewer, uploader, custodian, admin] = await Promise.all(
      ['owner', 'stranger', 'viewer', 'uploader', 'custodian', 'admin'].map((label) =>
        newUser(fixture, label),
      ),
    );
    if (!owner || !stranger || !viewer || !uploader || !custodian || !admin) throw new Error('signup failed');
    await grant(fixture, owner.token, owner.userid, viewer.userid, { view: {} });
    await grant(fixture, owner.token, owner.userid, uploader.userid, { upload: {} });
    await grant(fixture, owner.token, owner.userid, custodian.userid, { custodian: {} });
    await grant(fixture, owner.token, owner.userid, admin.userid, { admin: {} });
    const tokens: Record<Credential, string | undefined> = {
      'no token': undefined,
      stranger: stranger.token,
      viewer: viewer.token,
      uploader: uploader.token,
      custodian: custodian.token,
      admin: admin.token,
      self: owner.token,
      server: await serverToken(fixture.userApi, 'data'),
    };
    return { owner, viewer, tokens };
  }

  it('covers every route of the contract', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(accessContract).sort());
  });

  for (const [route, [request, expected]] of Object.entries(MATRIX)) {
    it(`answers ${route} with the expected status for each of ${CREDENTIALS.join(', ')}`, async () => {
      const statuses: number[] = [];
      for (const credential of CREDENTIALS) {
        const world = await newWorld();
        const response = await request(fixture, world, world.tokens[credential]);
        statuses.push(response.status);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
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
