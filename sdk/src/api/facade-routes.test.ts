import type { AppRoute } from '@ts-rest/core';
import { describe, expect, it } from 'vitest';
import { json, problem, scriptedFetch } from '../../test/fake-fetch.js';
import type { Responder } from '../../test/fake-fetch.js';
import { createClient } from '../create-client.js';
import type { TidepoolClient } from '../create-client.js';
import { NotFoundError, ServerError } from '../errors/tidepool-error.js';

const baseUrl = 'https://api.example.org/platform';
const patient = 'a1b2c3d4e5';
const clinician = 'f6f7f8f9f0';
const reading = {
  type: 'smbg',
  time: '2024-05-01T08:00:00Z',
  units: 'mmol/L',
  value: 5.5,
  deviceId: 'Meter_1',
  uploadId: 'u1',
} as const;
const status = { service: 'data', version: '1', status: 'ok', uptimeSeconds: 1 };

function empty(statusCode: number): Responder {
  return () => new Response(null, { status: statusCode });
}

interface RouteCase {
  readonly call: (client: TidepoolClient) => Promise<unknown>;
  readonly request: string;
  readonly body?: unknown;
  readonly answer: Responder;
}

/** Each facade method, the request it must send, and an answer its route declares. */
const cases: Record<string, RouteCase> = {
  'auth.listSessions': {
    call: (c) => c.auth.listSessions(),
    request: 'GET /auth/sessions',
    answer: json(200, []),
  },
  'auth.logoutEverywhere': {
    call: (c) => c.auth.logoutEverywhere(),
    request: 'POST /auth/logout/all',
    answer: json(200, { revoked: 2 }),
  },
  'auth.revokeSession': {
    call: (c) => c.auth.revokeSession('s1'),
    request: 'DELETE /auth/sessions/s1',
    answer: empty(204),
  },
  'auth.getCurrentUser': {
    call: (c) => c.auth.getCurrentUser(),
    request: 'GET /auth/user',
    answer: json(200, {}),
  },
  'auth.getUser': {
    call: (c) => c.auth.getUser(patient),
    request: `GET /auth/user/${patient}`,
    answer: json(200, {}),
  },
  'auth.updateCurrentUser': {
    call: (c) => c.auth.updateCurrentUser({ username: 'ann' }),
    request: 'PUT /auth/user',
    body: { updates: { username: 'ann' } },
    answer: json(200, {}),
  },
  'auth.updateUser': {
    call: (c) => c.auth.updateUser(patient, { username: 'ann' }),
    request: `PUT /auth/user/${patient}`,
    body: { updates: { username: 'ann' } },
    answer: json(200, {}),
  },
  'auth.deleteCurrentUser': {
    call: (c) => c.auth.deleteCurrentUser('pw'),
    request: 'DELETE /auth/user',
    body: { password: 'pw' },
    answer: empty(204),
  },
  'auth.deleteUser': {
    call: (c) => c.auth.deleteUser(patient),
    request: `DELETE /auth/user/${patient}`,
    body: {},
    answer: empty(204),
  },
  'auth.requestPasswordReset': {
    call: (c) => c.auth.requestPasswordReset('ann@example.com'),
    request: 'POST /auth/password/reset',
    body: { email: 'ann@example.com' },
    answer: empty(202),
  },
  'auth.confirmPasswordReset': {
    call: (c) => c.auth.confirmPasswordReset({ token: 't'.repeat(16), password: 'new password' }),
    request: 'POST /auth/password/reset/confirm',
    body: { token: 't'.repeat(16), password: 'new password' },
    answer: empty(200),
  },
  'auth.requestEmailVerification': {
    call: (c) => c.auth.requestEmailVerification(),
    request: 'POST /auth/email/verify',
    answer: empty(202),
  },
  'auth.confirmEmailVerification': {
    call: (c) => c.auth.confirmEmailVerification({ token: 'v'.repeat(16) }),
    request: 'POST /auth/email/verify/confirm',
    body: { token: 'v'.repeat(16) },
    answer: json(200, {}),
  },
  'auth.getStatus': {
    call: (c) => c.auth.getStatus(),
    request: 'GET /auth/status',
    answer: json(200, status),
  },
  'metadata.get': {
    call: (c) => c.metadata.get(patient, 'profile'),
    request: `GET /metadata/${patient}/profile`,
    answer: json(200, {}),
  },
  'metadata.update': {
    call: (c) => c.metadata.update(patient, 'profile', { fullName: 'Ann' }),
    request: `PUT /metadata/${patient}/profile`,
    body: { fullName: 'Ann' },
    answer: json(200, {}),
  },
  'metadata.merge': {
    call: (c) => c.metadata.merge(patient, 'settings', { units: null }),
    request: `POST /metadata/${patient}/settings`,
    body: { units: null },
    answer: json(200, {}),
  },
  'metadata.listSharedUsers': {
    call: (c) => c.metadata.listSharedUsers(patient),
    request: `GET /metadata/users/${patient}/users`,
    answer: json(200, []),
  },
  'metadata.getStatus': {
    call: (c) => c.metadata.getStatus(),
    request: 'GET /metadata/status',
    answer: json(200, status),
  },
  'access.listGroups': {
    call: (c) => c.access.listGroups(clinician),
    request: `GET /access/groups/${clinician}`,
    answer: json(200, {}),
  },
  'access.listGrantees': {
    call: (c) => c.access.listGrantees(patient),
    request: `GET /access/${patient}`,
    answer: json(200, {}),
  },
  'access.getPermissions': {
    call: (c) => c.access.getPermissions(patient, clinician),
    request: `GET /access/${patient}/${clinician}`,
    answer: json(200, { view: {} }),
  },
  'access.setPermissions': {
    call: (c) => c.access.setPermissions(patient, clinician, { view: {} }),
    request: `POST /access/${patient}/${clinician}`,
    body: { view: {} },
    answer: json(200, { view: {} }),
  },
  'access.getStatus': {
    call: (c) => c.access.getStatus(),
    request: 'GET /access/status',
    answer: json(200, status),
  },
  'access.invitations.send': {
    call: (c) => c.access.invitations.send(patient, { email: 'dr@example.com', permissions: { view: {} } }),
    request: `POST /access/invitations/sent/${patient}`,
    body: { email: 'dr@example.com', permissions: { view: {} } },
    answer: empty(202),
  },
  'access.invitations.listSent': {
    call: (c) => c.access.invitations.listSent(patient),
    request: `GET /access/invitations/sent/${patient}`,
    answer: json(200, []),
  },
  'access.invitations.cancel': {
    call: (c) => c.access.invitations.cancel(patient, 'inv1'),
    request: `DELETE /access/invitations/sent/${patient}/inv1`,
    answer: empty(204),
  },
  'access.invitations.listReceived': {
    call: (c) => c.access.invitations.listReceived(clinician),
    request: `GET /access/invitations/received/${clinician}`,
    answer: json(200, []),
  },
  'access.invitations.accept': {
    call: (c) => c.access.invitations.accept(clinician, 'inv1'),
    request: `POST /access/invitations/received/${clinician}/inv1/accept`,
    answer: json(200, { view: {} }),
  },
  'access.invitations.decline': {
    call: (c) => c.access.invitations.decline(clinician, 'inv1'),
    request: `POST /access/invitations/received/${clinician}/inv1/decline`,
    answer: empty(204),
  },
  'data.upload': {
    call: (c) => c.data.upload(patient, [{ ...reading }]),
    request: `POST /data/${patient}`,
    body: [reading],
    answer: json(200, { stored: 1, duplicates: 0, uploadIds: ['u1'] }),
  },
  'data.query': {
    call: (c) => c.data.query(patient, { type: 'cbg,smbg', startDate: '2024-05-01T00:00:00Z', latest: true }),
    request: `GET /data/${patient}?type=cbg%2Csmbg&startDate=2024-05-01T00%3A00%3A00Z&latest=true`,
    answer: json(200, []),
  },
  'data.summary': {
    call: (c) =>
      c.data.summary(patient, { startDate: '2024-05-01T00:00:00Z', endDate: '2024-05-15T00:00:00Z' }),
    request: `GET /data/summary/${patient}?startDate=2024-05-01T00%3A00%3A00Z&endDate=2024-05-15T00%3A00%3A00Z`,
    answer: json(200, {}),
  },
  'data.listUploads': {
    call: (c) => c.data.listUploads(patient),
    request: `GET /data/uploads/${patient}`,
    answer: json(200, []),
  },
  'data.deleteUpload': {
    call: (c) => c.data.deleteUpload(patient, 'u1'),
    request: `DELETE /data/uploads/${patient}/u1`,
    answer: empty(204),
  },
  'data.getStatus': {
    call: (c) => c.data.getStatus(),
    request: 'GET /data/status',
    answer: json(200, status),
  },
  'messages.send': {
    call: (c) =>
      c.messages.send(patient, {
        timestamp: '2024-05-01T08:30:00.000Z',
        messagetext: 'Low after breakfast.',
      }),
    request: `POST /message/send/${patient}`,
    body: { message: { timestamp: '2024-05-01T08:30:00.000Z', messagetext: 'Low after breakfast.' } },
    answer: json(201, { id: 'm1' }),
  },
  'messages.reply': {
    call: (c) => c.messages.reply('m1', { timestamp: '2024-05-01T09:00:00.000Z', messagetext: 'Noted.' }),
    request: 'POST /message/reply/m1',
    body: { message: { timestamp: '2024-05-01T09:00:00.000Z', messagetext: 'Noted.' } },
    answer: json(201, { id: 'm2' }),
  },
  'messages.getThread': {
    call: (c) => c.messages.getThread('m1'),
    request: 'GET /message/thread/m1',
    answer: json(200, { messages: [] }),
  },
  'messages.listNotes': {
    call: (c) => c.messages.listNotes(patient, { starttime: '2024-05-01T00:00:00Z' }),
    request: `GET /message/notes/${patient}?starttime=2024-05-01T00%3A00%3A00Z`,
    answer: json(200, { messages: [] }),
  },
  'messages.listAll': {
    call: (c) => c.messages.listAll(patient),
    request: `GET /message/all/${patient}`,
    answer: json(200, { messages: [] }),
  },
  'messages.read': {
    call: (c) => c.messages.read('m1'),
    request: 'GET /message/read/m1',
    answer: json(200, { message: {} }),
  },
  'messages.edit': {
    call: (c) => c.messages.edit('m1', { messagetext: 'Edited.' }),
    request: 'PUT /message/edit/m1',
    body: { message: { messagetext: 'Edited.' } },
    answer: json(200, { message: {} }),
  },
  'messages.remove': {
    call: (c) => c.messages.remove('m1'),
    request: 'DELETE /message/remove/m1',
    answer: empty(202),
  },
  'messages.getStatus': {
    call: (c) => c.messages.getStatus(),
    request: 'GET /message/status',
    answer: json(200, status),
  },
};

describe('the facade', () => {
  it.each(Object.entries(cases))('%s sends its route of the contract', async (_name, routeCase) => {
    const fetch = scriptedFetch(routeCase.answer);
    const client = createClient({ baseUrl, fetch });
    await routeCase.call(client);
    const request = fetch.requests[0]!;
    const url = new URL(request.url);
    expect(`${request.method} ${url.pathname.replace('/platform', '')}${url.search}`).toBe(routeCase.request);
    if (routeCase.body === undefined) expect(request.body).toBeNull();
    else {
      expect(JSON.parse(request.body ?? 'null')).toEqual(routeCase.body);
      expect(request.headers.get('content-type')).toBe('application/json');
    }
  });

  it('answers the body of the success', async () => {
    const client = createClient({ baseUrl, fetch: scriptedFetch(json(200, { view: {}, note: {} })) });
    await expect(client.access.getPermissions(patient, clinician)).resolves.toEqual({ view: {}, note: {} });
  });

  it('answers an empty list for the 404 {messages: []} of Tidepool, and throws for a 404 problem', async () => {
    const empty404 = createClient({ baseUrl, fetch: scriptedFetch(json(404, { messages: [] })) });
    await expect(empty404.messages.listNotes(patient)).resolves.toEqual({ messages: [] });
    const problem404 = createClient({ baseUrl, fetch: scriptedFetch(problem(404, 'NOT_FOUND')) });
    await expect(problem404.messages.listNotes(patient)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('throws a typed ServerError when a service answers its status with a 503 problem', async () => {
    const client = createClient({
      baseUrl,
      fetch: scriptedFetch(problem(503, 'SERVICE_UNAVAILABLE'), problem(503, 'SERVICE_UNAVAILABLE')),
      retry: { maxAttempts: 1 },
    });
    await expect(client.data.getStatus()).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    await expect(client.data.getStatus()).rejects.toBeInstanceOf(ServerError);
  });

  it('sends an upload again after a 503, as its route is idempotent, but never a new note', async () => {
    const retry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 };
    const uploads = scriptedFetch(
      problem(503, 'SERVICE_UNAVAILABLE'),
      json(200, { stored: 1, duplicates: 0 }),
    );
    const uploader = createClient({ baseUrl, fetch: uploads, retry });
    await expect(uploader.data.upload(patient, [{ ...reading }])).resolves.toMatchObject({ stored: 1 });
    expect(uploads.requests.map((request) => request.body)).toEqual([
      JSON.stringify([reading]),
      JSON.stringify([reading]),
    ]);
    const notes = scriptedFetch(problem(503, 'SERVICE_UNAVAILABLE'), json(201, { id: 'm1' }));
    const writer = createClient({ baseUrl, fetch: notes, retry });
    const note = { timestamp: '2024-05-01T08:30:00.000Z', messagetext: 'Low after breakfast.' };
    await expect(writer.messages.send(patient, note)).rejects.toBeInstanceOf(ServerError);
    expect(notes.requests).toHaveLength(1);
  });

  it('refuses a success status the contract does not declare for the route', async () => {
    const client = createClient({ baseUrl, fetch: scriptedFetch(json(201, {})) });
    await expect(client.auth.getCurrentUser()).rejects.toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      status: 201,
    });
  });

  it('covers every public route of the contract', async () => {
    const { platformContract, isInternalRoute } = await import('@tidepool/spec');
    const routers: Record<string, AppRoute>[] = Object.values(platformContract);
    const publicRoutes = routers.flatMap((router) =>
      Object.values(router).filter((route) => !isInternalRoute(route)),
    );
    const covered = new Set(Object.values(cases).map((routeCase) => routeCase.request.split('?')[0]));
    // login, signup, logout and refresh are covered by the session tests.
    const sessionRoutes = ['POST /auth/login', 'GET /auth/login', 'POST /auth/user', 'POST /auth/logout'];
    const uncovered = publicRoutes
      .map((route) => `${route.method} ${route.path}`)
      .filter((route) => !sessionRoutes.includes(route))
      .filter((route) => ![...covered].some((request) => request !== undefined && matches(route, request)));
    expect(uncovered).toEqual([]);
  });
});

/** Whether a concrete request path matches a contract path with `:params`. */
function matches(route: string, request: string): boolean {
  const pattern = new RegExp(`^${route.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return pattern.test(request);
}
