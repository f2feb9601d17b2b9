/**
 * Who may call what, through styx (issue 10, DESIGN.md §5, §6, §9): for every public route of
 * the contracts, the status each kind of caller gets (no token, a malformed token, a stranger,
 * a viewer, an uploader, a custodian, the user themself, a server), written as a table; every
 * internal route answers 404 through styx to every caller; the security headers of each
 * service and the portal's content security policy arrive through styx; and login throttling
 * holds when one account is guessed at from many client addresses.
 *
 * Services as processes on one PostgreSQL behind styx (test/fixtures/service-cluster.ts); the
 * portal runs in this process and publishes itself to the same hakken coordinator.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHakkenClient, type HakkenClient } from '@tidepool/hakken';
import {
  postgresAvailability,
  silentLogger,
  startPostgres,
  startTestApp,
  type TestPostgres,
} from '@tidepool/kit/testing';
import { createPortalApp } from '@tidepool/portal';
import { SERVER_SECRET_HEADER, SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { answerViolation } from '../fixtures/answer-checks.js';
import {
  fillPath,
  internalPlatformRoutes,
  pathParamNames,
  publicPlatformRoutes,
} from '../fixtures/contract-routes.js';
import { PERSON_PASSWORD, signUpPerson, withToken, type Person } from '../fixtures/platform-people.js';
import { closeRawAgents, sendRaw, type RawAnswer, type RawRequest } from '../fixtures/raw-http.js';
import { startServiceCluster, type ServiceCluster } from '../fixtures/service-cluster.js';
import {
  CALLERS,
  createSharingScene,
  expectAnswer,
  readings,
  tokenOf,
  type Caller,
  type SharingScene,
} from '../fixtures/sharing-scene.js';
import { CHEAP_PASSWORD_HASHING } from '../fixtures/cheap-password-hashing.js';

const SERVICES = ['user-api', 'metadata', 'access', 'data', 'message-api'] as const;
/** Cheap hashing and room for the scenes' signups; login failures keep user-api's defaults (10 per identifier). */
const ENVIRONMENT = {
  ...CHEAP_PASSWORD_HASHING,
  REQUESTS_PER_ADDRESS: '100000',
};
const LOGIN_FAILURES_PER_IDENTIFIER = 10;

const postgresReady = postgresAvailability().available;
let database: TestPostgres | undefined;
let cluster: ServiceCluster | undefined;
let scene: SharingScene;
let portal: { close(): Promise<void> } | undefined;
let hakken: HakkenClient | undefined;

function platform(): ServiceCluster {
  if (cluster === undefined) throw new Error('the services did not start');
  return cluster;
}
const email = (label: string) => `${label}-${randomBytes(6).toString('hex')}@example.org`;

/** One cell of the table: the scene and the caller's token. */
interface Cell {
  readonly scene: SharingScene;
  readonly token: string | undefined;
}
interface Row {
  /** A new scene for every caller: the request ends or deletes what it touches. */
  readonly fresh?: boolean;
  readonly request: (cell: Cell) => Promise<RawRequest> | RawRequest;
  /** The status each caller gets, in the order of CALLERS. */
  readonly expected: readonly [number, number, number, number, number, number, number, number];
}

const get = (path: string) => (cell: Cell) => ({ method: 'GET', path, headers: withToken(cell.token) });
const withOwner = (template: (owner: string, cell: Cell) => string) => (cell: Cell) =>
  template(cell.scene.owner.userid, cell);
const basic = (person: Person) =>
  `Basic ${Buffer.from(`${person.email}:${PERSON_PASSWORD}`).toString('base64')}`;

/** A note of the owner made for one cell, so that removing it leaves the scene's note. */
async function freshNote(scene: SharingScene): Promise<string> {
  const note = await expectAnswer(
    sendRaw(platform().publicUrl, {
      method: 'POST',
      path: `/message/send/${scene.owner.userid}`,
      headers: withToken(scene.owner.token),
      body: { message: { timestamp: '2024-05-02T09:00:00.000Z', messagetext: 'To remove.' } },
    }),
    201,
    'writing a note',
  );
  return (note.json as { id: string }).id;
}

/** An invitation for one cell: sent by the owner to a new address, or by a new sharer to the (verified) owner. */
async function freshInvitation(scene: SharingScene, direction: 'sent' | 'received'): Promise<string> {
  const url = platform().publicUrl;
  const sharer = direction === 'sent' ? scene.owner : await signUpPerson(url, 'sharer');
  const to = direction === 'sent' ? email('invitee') : scene.owner.email;
  await expectAnswer(
    sendRaw(url, {
      method: 'POST',
      path: `/access/invitations/sent/${sharer.userid}`,
      headers: withToken(sharer.token),
      body: { email: to, permissions: { view: {} } },
    }),
    202,
    'inviting',
  );
  const listed = await sendRaw(url, {
    method: 'GET',
    path: `/access/invitations/sent/${sharer.userid}`,
    headers: withToken(sharer.token),
  });
  const invitation = (listed.json as { id: string; email: string; status: string }[]).find(
    (entry) => entry.email === to && entry.status === 'pending',
  );
  if (invitation === undefined) throw new Error('the invitation is not listed');
  return invitation.id;
}

/** Every public route: the request and the status each caller gets (CALLERS order). */
const MATRIX: Record<string, Row> = {
  //                                                             none malformed stranger viewer uploader custodian self server
  'auth.getStatus': { request: get('/auth/status'), expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  'auth.signup': {
    request: (cell) => ({
      method: 'POST',
      path: '/auth/user',
      headers: withToken(cell.token),
      body: { emails: [email('new')], password: PERSON_PASSWORD },
    }),
    expected: [201, 201, 201, 201, 201, 201, 201, 201],
  },
  'auth.getCurrentUser': { request: get('/auth/user'), expected: [401, 401, 200, 200, 200, 200, 200, 403] },
  'auth.getUser': {
    request: (cell) => get(`/auth/user/${cell.scene.owner.userid}`)(cell),
    expected: [401, 401, 403, 403, 403, 403, 200, 200],
  },
  'auth.updateCurrentUser': {
    request: (cell) => ({
      method: 'PUT',
      path: '/auth/user',
      headers: withToken(cell.token),
      body: { updates: { username: `name-${randomBytes(6).toString('hex')}` } },
    }),
    expected: [401, 401, 200, 200, 200, 200, 200, 403],
  },
  'auth.updateUser': {
    request: (cell) => ({
      method: 'PUT',
      path: `/auth/user/${cell.scene.owner.userid}`,
      headers: withToken(cell.token),
      body: { updates: { username: `name-${randomBytes(6).toString('hex')}` } },
    }),
    expected: [401, 401, 403, 403, 403, 403, 200, 200],
  },
  'auth.deleteCurrentUser': {
    fresh: true,
    request: (cell) => ({
      method: 'DELETE',
      path: '/auth/user',
      headers: withToken(cell.token),
      body: { password: PERSON_PASSWORD },
    }),
    expected: [401, 401, 204, 204, 204, 204, 204, 403],
  },
  'auth.deleteUser': {
    fresh: true,
    request: (cell) => ({
      method: 'DELETE',
      path: `/auth/user/${cell.scene.owner.userid}`,
      headers: withToken(cell.token),
      body: { password: PERSON_PASSWORD },
    }),
    expected: [401, 401, 403, 403, 403, 403, 204, 204],
  },
  'auth.login': {
    request: (cell) => ({
      method: 'POST',
      path: '/auth/login',
      headers: { ...withToken(cell.token), authorization: basic(cell.scene.owner) },
    }),
    expected: [200, 200, 200, 200, 200, 200, 200, 200],
  },
  'auth.refreshSession': { request: get('/auth/login'), expected: [401, 401, 200, 200, 200, 200, 200, 401] },
  'auth.logout': {
    fresh: true,
    request: (cell) => ({ method: 'POST', path: '/auth/logout', headers: withToken(cell.token) }),
    expected: [401, 401, 200, 200, 200, 200, 200, 200],
  },
  'auth.logoutEverywhere': {
    fresh: true,
    request: (cell) => ({ method: 'POST', path: '/auth/logout/all', headers: withToken(cell.token) }),
    expected: [401, 401, 200, 200, 200, 200, 200, 403],
  },
  'auth.listSessions': { request: get('/auth/sessions'), expected: [401, 401, 200, 200, 200, 200, 200, 403] },
  'auth.revokeSession': {
    fresh: true,
    request: async (cell) => {
      const sessions = await sendRaw(platform().publicUrl, {
        method: 'GET',
        path: '/auth/sessions',
        headers: withToken(cell.scene.owner.token),
      });
      const [session] = sessions.json as { id: string }[];
      return {
        method: 'DELETE',
        path: `/auth/sessions/${session?.id ?? 'none'}`,
        headers: withToken(cell.token),
      };
    },
    // The contract declares no 403: anyone else, a server included, has no live session with this id.
    expected: [401, 401, 404, 404, 404, 404, 204, 404],
  },
  'auth.requestPasswordReset': {
    request: (cell) => ({
      method: 'POST',
      path: '/auth/password/reset',
      headers: withToken(cell.token),
      body: { email: cell.scene.owner.email },
    }),
    expected: [202, 202, 202, 202, 202, 202, 202, 202],
  },
  'auth.confirmPasswordReset': {
    request: (cell) => ({
      method: 'POST',
      path: '/auth/password/reset/confirm',
      headers: withToken(cell.token),
      body: { token: randomBytes(24).toString('base64url'), password: 'a brand new passphrase' },
    }),
    expected: [410, 410, 410, 410, 410, 410, 410, 410],
  },
  'auth.requestEmailVerification': {
    request: (cell) => ({ method: 'POST', path: '/auth/email/verify', headers: withToken(cell.token) }),
    expected: [401, 401, 202, 202, 202, 202, 202, 403],
  },
  'auth.confirmEmailVerification': {
    request: (cell) => ({
      method: 'POST',
      path: '/auth/email/verify/confirm',
      headers: withToken(cell.token),
      body: { token: randomBytes(24).toString('base64url') },
    }),
    expected: [410, 410, 410, 410, 410, 410, 410, 410],
  },
  'metadata.getStatus': {
    request: get('/metadata/status'),
    expected: [200, 200, 200, 200, 200, 200, 200, 200],
  },
  'metadata.listUsers': {
    request: (cell) => get(withOwner((owner) => `/metadata/users/${owner}/users`)(cell))(cell),
    expected: [401, 401, 403, 403, 403, 403, 200, 200],
  },
  'metadata.getCollection': {
    request: (cell) => get(withOwner((owner) => `/metadata/${owner}/profile`)(cell))(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'metadata.updateCollection': {
    request: (cell) => ({
      method: 'PUT',
      path: `/metadata/${cell.scene.owner.userid}/profile`,
      headers: withToken(cell.token),
      body: { fullName: 'Scene Owner' },
    }),
    expected: [401, 401, 403, 403, 403, 200, 200, 200],
  },
  'metadata.mergeCollection': {
    request: (cell) => ({
      method: 'POST',
      path: `/metadata/${cell.scene.owner.userid}/preferences`,
      headers: withToken(cell.token),
      body: { units: 'mmol/L' },
    }),
    expected: [401, 401, 403, 403, 403, 200, 200, 200],
  },
  'access.getStatus': { request: get('/access/status'), expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  'access.listGroups': {
    request: (cell) => get(withOwner((owner) => `/access/groups/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 403, 403, 403, 200, 200],
  },
  'access.sendInvitation': {
    request: (cell) => ({
      method: 'POST',
      path: `/access/invitations/sent/${cell.scene.owner.userid}`,
      headers: withToken(cell.token),
      body: { email: email('invitee'), permissions: { view: {} } },
    }),
    expected: [401, 401, 403, 403, 403, 202, 202, 202],
  },
  'access.listSentInvitations': {
    request: (cell) => get(withOwner((owner) => `/access/invitations/sent/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 403, 403, 200, 200, 200],
  },
  'access.cancelInvitation': {
    request: async (cell) => ({
      method: 'DELETE',
      path: `/access/invitations/sent/${cell.scene.owner.userid}/${await freshInvitation(cell.scene, 'sent')}`,
      headers: withToken(cell.token),
    }),
    expected: [401, 401, 403, 403, 403, 204, 204, 204],
  },
  'access.listReceivedInvitations': {
    request: (cell) => get(withOwner((owner) => `/access/invitations/received/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 403, 403, 403, 200, 403],
  },
  'access.acceptInvitation': {
    request: async (cell) => ({
      method: 'POST',
      path: `/access/invitations/received/${cell.scene.owner.userid}/${await freshInvitation(cell.scene, 'received')}/accept`,
      headers: withToken(cell.token),
    }),
    expected: [401, 401, 403, 403, 403, 403, 200, 403],
  },
  'access.declineInvitation': {
    request: async (cell) => ({
      method: 'POST',
      path: `/access/invitations/received/${cell.scene.owner.userid}/${await freshInvitation(cell.scene, 'received')}/decline`,
      headers: withToken(cell.token),
    }),
    expected: [401, 401, 403, 403, 403, 403, 204, 403],
  },
  'access.listGrantees': {
    request: (cell) => get(withOwner((owner) => `/access/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 403, 403, 200, 200, 200],
  },
  'access.getPermissions': {
    request: (cell) => get(`/access/${cell.scene.owner.userid}/${cell.scene.viewer.userid}`)(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'access.setPermissions': {
    request: (cell) => ({
      method: 'POST',
      path: `/access/${cell.scene.owner.userid}/${cell.scene.bystander.userid}`,
      headers: withToken(cell.token),
      body: { view: {} },
    }),
    expected: [401, 401, 403, 403, 403, 200, 200, 200],
  },
  'message.getStatus': {
    request: get('/message/status'),
    expected: [200, 200, 200, 200, 200, 200, 200, 200],
  },
  'message.sendMessage': {
    request: (cell) => ({
      method: 'POST',
      path: `/message/send/${cell.scene.owner.userid}`,
      headers: withToken(cell.token),
      body: { message: { timestamp: '2024-05-01T10:00:00.000Z', messagetext: 'A note.' } },
    }),
    expected: [401, 401, 403, 201, 403, 201, 201, 403],
  },
  'message.replyMessage': {
    request: (cell) => ({
      method: 'POST',
      path: `/message/reply/${cell.scene.noteId}`,
      headers: withToken(cell.token),
      body: { message: { timestamp: '2024-05-01T10:05:00.000Z', messagetext: 'A reply.' } },
    }),
    expected: [401, 401, 403, 201, 403, 201, 201, 403],
  },
  'message.getThread': {
    request: (cell) => get(`/message/thread/${cell.scene.noteId}`)(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'message.getNotes': {
    request: (cell) => get(withOwner((owner) => `/message/notes/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'message.getAllMessages': {
    request: (cell) => get(withOwner((owner) => `/message/all/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'message.readMessage': {
    request: (cell) => get(`/message/read/${cell.scene.noteId}`)(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'message.editMessage': {
    request: (cell) => ({
      method: 'PUT',
      path: `/message/edit/${cell.scene.noteId}`,
      headers: withToken(cell.token),
      body: { message: { messagetext: 'Scene note, edited.' } },
    }),
    expected: [401, 401, 403, 403, 403, 403, 200, 403],
  },
  'message.removeMessage': {
    request: async (cell) => ({
      method: 'DELETE',
      path: `/message/remove/${await freshNote(cell.scene)}`,
      headers: withToken(cell.token),
    }),
    expected: [401, 401, 403, 403, 403, 403, 202, 403],
  },
  'data.getStatus': { request: get('/data/status'), expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  'data.getSummary': {
    request: (cell) =>
      get(
        `/data/summary/${cell.scene.owner.userid}?startDate=2024-05-01T00:00:00Z&endDate=2024-05-02T00:00:00Z`,
      )(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'data.listUploads': {
    request: (cell) => get(withOwner((owner) => `/data/uploads/${owner}`)(cell))(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
  'data.deleteUpload': {
    request: async (cell) => {
      const uploadId = `upload-${randomBytes(4).toString('hex')}`;
      await expectAnswer(
        sendRaw(platform().publicUrl, {
          method: 'POST',
          path: `/data/${cell.scene.owner.userid}`,
          headers: withToken(cell.scene.owner.token),
          body: readings(uploadId, 2),
        }),
        200,
        'uploading data to delete',
      );
      return {
        method: 'DELETE',
        path: `/data/uploads/${cell.scene.owner.userid}/${uploadId}`,
        headers: withToken(cell.token),
      };
    },
    expected: [401, 401, 403, 403, 204, 204, 204, 204],
  },
  'data.uploadData': {
    request: (cell) => ({
      method: 'POST',
      path: `/data/${cell.scene.owner.userid}`,
      headers: withToken(cell.token),
      body: readings(cell.scene.uploadId, 2),
    }),
    expected: [401, 401, 403, 403, 200, 200, 200, 200],
  },
  'data.queryData': {
    request: (cell) => get(withOwner((owner) => `/data/${owner}?type=cbg`)(cell))(cell),
    expected: [401, 401, 403, 200, 403, 200, 200, 200],
  },
};

beforeAll(async () => {
  if (!postgresReady) {
    if (process.env.CI === 'true')
      throw new Error('CI=true and no PostgreSQL: the authorization matrix cannot be skipped');
    return;
  }
  database = await startPostgres();
  cluster = await startServiceCluster(SERVICES, database.url, { env: ENVIRONMENT });
  // The portal, in this process, found by styx through the same coordinator as the services.
  const server = await startTestApp(createPortalApp({ logger: silentLogger(), version: 'test' }).app);
  hakken = createHakkenClient({
    coordinators: [cluster.coordinator.url],
    serverSecret: cluster.environment.SERVER_SECRET ?? '',
  });
  await hakken.publish({ service: 'portal', host: new URL(server.url).host, protocol: 'http' }).ready;
  portal = server;
  scene = await createSharingScene(cluster, { verified: true });
}, 300_000);

afterAll(async () => {
  closeRawAgents();
  await hakken?.close();
  await portal?.close();
  await cluster?.close();
  await database?.stop();
});

/** Sends a request through styx. */
function throughStyx(request: RawRequest): Promise<RawAnswer> {
  return sendRaw(platform().publicUrl, request);
}

describe.skipIf(!postgresReady && process.env.CI !== 'true')('authorization through styx', () => {
  it('has a row for every public route of the contracts, and no row for a route that is gone', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(
      publicPlatformRoutes()
        .map((route) => route.key)
        .sort(),
    );
  });

  for (const route of publicPlatformRoutes()) {
    const row = MATRIX[route.key];
    if (row === undefined) continue;
    it(`answers ${route.key} (${route.method} ${route.path}) to each caller as the permission rules say`, async () => {
      const answered: Partial<Record<Caller, number>> = {};
      for (const caller of CALLERS) {
        const cellScene =
          row.fresh === true ? await createSharingScene(platform(), { withData: false }) : scene;
        const request = await row.request({ scene: cellScene, token: tokenOf(cellScene, caller) });
        expect(request.method, 'the row sends the route’s method').toBe(route.method);
        const answer = await throughStyx(request);
        answered[caller] = answer.status;
        expect(answerViolation(answer, route.route), caller).toBeUndefined();
      }
      expect(answered).toEqual(
        Object.fromEntries(CALLERS.map((caller, index) => [caller, row.expected[index]])),
      );
    }, 120_000);
  }

  it('answers 404 problem details through styx to every caller of every internal route', async () => {
    const placeholders: Record<string, string> = {
      userid: scene.owner.userid,
      token: scene.owner.token,
      sessionId: 'session',
      name: 'data',
    };
    const routes = internalPlatformRoutes();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const params = Object.fromEntries(
        pathParamNames(route.path).map((name) => [name, placeholders[name] ?? 'x']),
      );
      const path = fillPath(route.path, params);
      for (const caller of CALLERS) {
        const answer = await throughStyx({
          method: route.method,
          path,
          headers: {
            ...withToken(tokenOf(scene, caller)),
            // The secret itself, as a server would send it: styx refuses the route all the same.
            ...(route.meta.auth === 'secret'
              ? { [SERVER_SECRET_HEADER]: platform().environment.SERVER_SECRET ?? '' }
              : {}),
          },
        });
        expect(answer.status, `${caller} ${route.method} ${route.path}`).toBe(404);
        expect(answer.headers['content-type'], route.path).toMatch(/^application\/problem\+json/);
        expect(answer.headers[SESSION_TOKEN_HEADER], route.path).toBeUndefined();
      }
    }
  });

  it('passes on the security headers of every service, on successes and on problems', async () => {
    for (const prefix of ['/auth', '/metadata', '/access', '/data', '/message']) {
      for (const path of [`${prefix}/status`, `${prefix}/no-such-route/${'x'.repeat(8)}/y`]) {
        const answer = await throughStyx({ method: 'GET', path });
        expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
        expect(answer.headers['x-powered-by'], path).toBeUndefined();
        expect(answer.headers['content-security-policy'], path).toMatch(/default-src 'none'/);
        expect(answer.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
        expect(answer.headers['cache-control'], path).toBe('no-store');
        expect(answer.headers['strict-transport-security'], path).toMatch(/max-age=\d+/);
        expect(answer.headers['x-frame-options'], path).toBe('SAMEORIGIN');
        expect(answer.headers['referrer-policy'], path).toBe('no-referrer');
      }
    }
  });

  it('serves the portal’s pages through styx with a content security policy of its own origin only', async () => {
    let answer: RawAnswer | undefined;
    const deadline = Date.now() + 30_000;
    // styx learns of the portal through its hakken watch: wait until it routes there.
    while (answer?.status !== 200 && Date.now() < deadline) {
      answer = await throughStyx({ method: 'GET', path: '/' });
      if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer?.status).toBe(200);
    const policy = String(answer?.headers['content-security-policy']);
    expect(policy).toMatch(/default-src 'self'/);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/object-src 'none'/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(answer?.headers['x-content-type-options']).toBe('nosniff');
    expect(answer?.headers['x-powered-by']).toBeUndefined();
  });
});

describe.skipIf(!postgresReady && process.env.CI !== 'true')(
  'login throttling under a distributed guessing run',
  () => {
    /** Client addresses of the run: styx sets X-Forwarded-For from the socket, so each is another client. */
    const ADDRESSES = Array.from({ length: 12 }, (_, index) => `127.0.0.${index + 20}`);
    const GUESSES_PER_ADDRESS = 3;

    const logIn = (person: Person, password: string, localAddress: string) =>
      throughStyx({
        method: 'POST',
        path: '/auth/login',
        localAddress,
        headers: { authorization: `Basic ${Buffer.from(`${person.email}:${password}`).toString('base64')}` },
      });

    it('stops the guesses at the per-account limit whatever the address, refuses the right password then, and spares other accounts', async () => {
      const victim = await signUpPerson(platform().publicUrl, 'victim');
      const other = await signUpPerson(platform().publicUrl, 'other');
      // Every address guesses at once, each one guess after another.
      const answers = await Promise.all(
        ADDRESSES.map(async (address) => {
          const statuses: number[] = [];
          for (let guess = 0; guess < GUESSES_PER_ADDRESS; guess += 1) {
            const answer = await logIn(victim, `wrong guess ${address} ${guess}`, address);
            expect(answerViolation(answer, undefined)).toBeUndefined();
            statuses.push(answer.status);
          }
          return statuses;
        }),
      );
      const statuses = answers.flat();
      expect(new Set(statuses)).toEqual(new Set([401, 429]));
      // user-api counts a guess before it checks the password, so guesses in flight together
      // get exactly the per-account number of checks, however they are spread over addresses.
      const checked = statuses.filter((status) => status === 401).length;
      expect(checked).toBe(LOGIN_FAILURES_PER_IDENTIFIER);

      // Afterwards every guess is refused unchecked, from the addresses of the run and from new ones.
      for (const address of [...ADDRESSES.slice(0, 3), '127.0.0.60', '127.0.0.61']) {
        const refused = await logIn(victim, 'yet another guess', address);
        expect(refused.status, address).toBe(429);
        expect(Number(refused.headers['retry-after']), address).toBeGreaterThan(0);
        expect((refused.json as { code: string }).code).toBe('RATE_LIMITED');
      }
      // The right password is refused too until the window passes (server/user-api README, Throttling).
      const rightPassword = await logIn(victim, PERSON_PASSWORD, '127.0.0.62');
      expect(rightPassword.status).toBe(429);
      expect(rightPassword.headers[SESSION_TOKEN_HEADER]).toBeUndefined();
      // The victim's live session still works, and another account logs in from the guessing addresses.
      expect(
        (await throughStyx({ method: 'GET', path: '/auth/user', headers: withToken(victim.token) })).status,
      ).toBe(200);
      for (const address of ADDRESSES.slice(0, 3)) {
        expect((await logIn(other, PERSON_PASSWORD, address)).status, address).toBe(200);
      }
    });
  },
);
