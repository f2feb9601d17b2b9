/**
 * Hostile input through styx (issue 10, DESIGN.md §10 "malformed and hostile input sent to
 * every route"): every public route of the contracts gets valid-shaped requests generated from
 * its zod schemas, then mutated ones (wrong types, missing and extra fields, huge and strange
 * strings, prototype-pollution keys, deep nesting, edge numbers, invalid JSON, wrong media
 * types, hostile path segments and queries), with a real session token and without. Every
 * answer is below 500 and every error is problem details; at the end every process is alive and
 * the data of a control user, who shared `view` with the fuzzing user, is unchanged.
 *
 * Services as processes on one PostgreSQL behind styx (test/fixtures/service-cluster.ts).
 * fast-check prints the seed and the shrunk request of a failure; `numRuns` keeps the file
 * bounded.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailability, startPostgres, type TestPostgres } from '@tidepool/kit/testing';
import { answerViolation } from '../fixtures/answer-checks.js';
import { publicPlatformRoutes, type PlatformRoute } from '../fixtures/contract-routes.js';
import {
  mutatedRequests,
  validShapedRequests,
  type FuzzRequest,
  type KnownIds,
} from '../fixtures/hostile-requests.js';
import { grant, logInPerson, signUpPerson, withToken, type Person } from '../fixtures/platform-people.js';
import { closeRawAgents, sendRaw, type RawAnswer } from '../fixtures/raw-http.js';
import { startServiceCluster, type ServiceCluster } from '../fixtures/service-cluster.js';
import { CHEAP_PASSWORD_HASHING } from '../fixtures/cheap-password-hashing.js';

const SERVICES = ['user-api', 'metadata', 'access', 'data', 'message-api'] as const;
/** Cheap hashing, and throttles out of the way: this file is about input, the authorization file about throttling. */
const ENVIRONMENT = {
  ...CHEAP_PASSWORD_HASHING,
  REQUESTS_PER_ADDRESS: '1000000',
  LOGIN_FAILURES_PER_IDENTIFIER: '1000000',
  LOGIN_FAILURES_PER_ADDRESS: '1000000',
};
/** Requests per route: a third valid-shaped, the rest mutated. */
const RUNS_PER_ROUTE = 16;
/** `HOSTILE_SEED=<n>` replays the requests of a failed run (fast-check prints the seed). */
const REPLAY_SEED = process.env.HOSTILE_SEED === undefined ? {} : { seed: Number(process.env.HOSTILE_SEED) };

const postgresReady = postgresAvailability().available;
let database: TestPostgres | undefined;
let cluster: ServiceCluster | undefined;
let fuzzer: Person;
let control: Person;
let knownIds: KnownIds = {};
let controlBefore: Record<string, unknown> = {};

function platform(): ServiceCluster {
  if (cluster === undefined) throw new Error('the services did not start');
  return cluster;
}

async function expectStatus(answer: Promise<RawAnswer>, status: number): Promise<RawAnswer> {
  const answered = await answer;
  if (answered.status !== status)
    throw new Error(`expected ${status}, got ${answered.status}: ${answered.text}`);
  return answered;
}

/** What the control user holds, read by the control user: it must not change whatever the fuzzing user sends. */
async function controlSnapshot(): Promise<Record<string, unknown>> {
  const read = async (path: string) => {
    const answer = await sendRaw(platform().publicUrl, {
      method: 'GET',
      path,
      headers: withToken(control.token),
    });
    return { status: answer.status, body: answer.json };
  };
  const id = control.userid;
  return {
    account: await read('/auth/user'),
    profile: await read(`/metadata/${id}/profile`),
    preferences: await read(`/metadata/${id}/preferences`),
    grantees: await read(`/access/${id}`),
    invitations: await read(`/access/invitations/sent/${id}`),
    data: await read(`/data/${id}`),
    uploads: await read(`/data/uploads/${id}`),
    // Viewers may write notes on the data (DESIGN.md §9): the control user's own messages must not change.
    messages: ((await read(`/message/all/${id}`)).body as { messages: { userid: string }[] }).messages.filter(
      (message) => message.userid === id,
    ),
  };
}

/**
 * What the control user's state may be after the fuzzing: as before, or without the fuzzer's
 * own grant when a generated request removed it. A grantee may remove themself (DESIGN.md §9:
 * `POST /access/:groupid/:userid` with `{}` by the grantee), and the fuzzer is the control
 * user's viewer. Any other difference, its grant changed included, is still a failure.
 */
function controlAfterFuzzing(after: Record<string, unknown>): Record<string, unknown> {
  type Answer = { status: number; body: Record<string, unknown> };
  const granteesAfter = (after.grantees as Answer | undefined)?.body;
  if (granteesAfter === undefined || fuzzer.userid in granteesAfter) return controlBefore;
  const granteesBefore = controlBefore.grantees as Answer;
  const { [fuzzer.userid]: _selfRemoved, ...others } = granteesBefore.body;
  return { ...controlBefore, grantees: { ...granteesBefore, body: others } };
}

/** A user with a profile, preferences, data, a note and an invitation: something for every route to reach. */
async function seed(
  person: Person,
  label: string,
): Promise<{ msgid: string; uploadId: string; invitationId: string }> {
  const url = platform().publicUrl;
  const headers = withToken(person.token);
  const id = person.userid;
  await expectStatus(
    sendRaw(url, {
      method: 'PUT',
      path: `/metadata/${id}/profile`,
      headers,
      body: { fullName: `${label} Person` },
    }),
    200,
  );
  await expectStatus(
    sendRaw(url, { method: 'POST', path: `/metadata/${id}/preferences`, headers, body: { units: 'mg/dL' } }),
    200,
  );
  const uploadId = `upload-${label}`;
  await expectStatus(
    sendRaw(url, {
      method: 'POST',
      path: `/data/${id}`,
      headers,
      body: Array.from({ length: 12 }, (_, index) => ({
        type: 'cbg',
        time: new Date(Date.UTC(2024, 4, 1, 8, index * 5)).toISOString(),
        units: 'mg/dL',
        value: 90 + index,
        deviceId: `device-${label}`,
        uploadId,
      })),
    }),
    200,
  );
  const note = await expectStatus(
    sendRaw(url, {
      method: 'POST',
      path: `/message/send/${id}`,
      headers,
      body: { message: { timestamp: '2024-05-01T09:00:00.000Z', messagetext: `${label} note` } },
    }),
    201,
  );
  await expectStatus(
    sendRaw(url, {
      method: 'POST',
      path: `/access/invitations/sent/${id}`,
      headers,
      body: { email: `invitee-${label}@example.org`, permissions: { view: {} } },
    }),
    202,
  );
  const sent = await sendRaw(url, { method: 'GET', path: `/access/invitations/sent/${id}`, headers });
  const [invitation] = sent.json as { id: string }[];
  return { msgid: (note.json as { id: string }).id, uploadId, invitationId: invitation?.id ?? 'none' };
}

beforeAll(async () => {
  if (!postgresReady) {
    if (process.env.CI === 'true')
      throw new Error('CI=true and no PostgreSQL: the hostile-input run cannot be skipped');
    return;
  }
  database = await startPostgres();
  // Access and request logs kept, so that a request without an answer says what each process logged about it.
  cluster = await startServiceCluster(SERVICES, database.url, {
    env: { ...ENVIRONMENT, LOG_LEVEL: 'info' },
    keepLogLines: 20_000,
  });
  fuzzer = await signUpPerson(platform().publicUrl, 'fuzzer');
  control = await signUpPerson(platform().publicUrl, 'control');
  const fuzzerIds = await seed(fuzzer, 'fuzzer');
  const controlIds = await seed(control, 'control');
  // The fuzzing user may read the control user's data, so that requests get past the permission checks.
  await grant(platform().publicUrl, control, fuzzer, { view: {} });
  const users = [fuzzer.userid, control.userid];
  knownIds = {
    userid: users,
    groupid: users,
    msgid: [fuzzerIds.msgid, controlIds.msgid],
    uploadId: [fuzzerIds.uploadId, controlIds.uploadId],
    invitationId: [fuzzerIds.invitationId, controlIds.invitationId],
  };
  controlBefore = await controlSnapshot();
}, 300_000);

afterAll(async () => {
  closeRawAgents();
  await cluster?.close();
  await database?.stop();
});

/** How every process answers its `/status` now, directly and (for the services) through styx. */
async function probeProcesses(): Promise<string> {
  const probes = [...platform().services.values()].flatMap((service) => [
    { label: `${service.name} direct`, url: service.url, path: '/status' },
  ]);
  probes.push({ label: 'message-api via styx', url: platform().publicUrl, path: '/message/status' });
  const answers = await Promise.all(
    probes.map(async ({ label, url, path }) => {
      const started = Date.now();
      try {
        const answer = await sendRaw(url, { method: 'GET', path, timeoutMilliseconds: 5_000 });
        return `${label} ${answer.status} in ${Date.now() - started} ms`;
      } catch (error) {
        return `${label} failed after ${Date.now() - started} ms (${String(error)})`;
      }
    }),
  );
  return answers.join('; ');
}

let requestCount = 0;

/** Sends one generated request through styx and throws with the request and answer when the answer breaks the rules. */
async function sendAndCheck(
  route: PlatformRoute,
  request: FuzzRequest,
  token: string | undefined,
): Promise<void> {
  const sentAt = Date.now();
  requestCount += 1;
  const requestId = `hostile-${String(process.pid)}-${String(requestCount)}`;
  const answer = await sendRaw(platform().publicUrl, {
    method: route.method,
    path: request.path,
    headers: { ...request.headers, ...withToken(token), 'x-request-id': requestId },
    ...(request.body === undefined ? {} : { body: request.body }),
  }).catch(async (error: unknown) => {
    // A hang is a finding: say whether the platform answered anything else right after it, and
    // what styx and the services logged about this request (styx keeps the client's request id).
    const after = await probeProcesses();
    const logged = platform().logLinesWith(requestId);
    throw new Error(
      `${String(error)} (sent ${Date.now() - sentAt} ms ago; right after: ${after}; logged about ${requestId}: ${
        logged.length === 0 ? 'nothing' : logged.join('\n')
      })`,
      { cause: error },
    );
  });
  const violation = answerViolation(answer, route.route);
  if (violation !== undefined) {
    throw new Error(
      `${route.method} ${request.path.slice(0, 200)} (${request.mutation}) with${token === undefined ? 'out' : ''} a token ${violation}`,
    );
  }
}

describe.skipIf(!postgresReady && process.env.CI !== 'true')('hostile input through styx', () => {
  for (const route of publicPlatformRoutes()) {
    it(`answers ${route.key} (${route.method} ${route.path}) below 500 with problem details, whatever it is sent`, async () => {
      // A fresh session per route: logout and "log out everywhere" are fuzzed too.
      const token = await logInPerson(platform().publicUrl, fuzzer);
      const requests = fc.oneof(
        { arbitrary: validShapedRequests(route, knownIds), weight: 1 },
        { arbitrary: mutatedRequests(route, knownIds), weight: 2 },
      );
      await fc.assert(
        fc.asyncProperty(requests, fc.boolean(), async (request, authenticated) => {
          await sendAndCheck(route, request, authenticated ? token : undefined);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true, ...REPLAY_SEED },
      );
    }, 60_000);
  }

  it('answers a body over the size limit of every JSON route with 413 problem details', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    for (const route of publicPlatformRoutes()) {
      if (!('body' in route.route) || typeof route.route.body !== 'object') continue;
      const path = route.path.replace(/:[a-zA-Z]+/g, fuzzer.userid);
      const answer = await sendRaw(platform().publicUrl, {
        method: route.method,
        path,
        headers: { 'content-type': 'application/json', ...withToken(fuzzer.token) },
        body: huge,
      });
      expect(answerViolation(answer, route.route), route.key).toBeUndefined();
    }
  });

  it("kept every process alive and answering, and changed nothing of the control user but perhaps the fuzzer's own grant", async () => {
    for (const service of platform().services.values()) {
      expect(service.child.exitCode, service.name).toBeNull();
      expect(service.child.signalCode, service.name).toBeNull();
    }
    for (const prefix of ['/auth', '/metadata', '/access', '/data', '/message']) {
      const status = await sendRaw(platform().publicUrl, { method: 'GET', path: `${prefix}/status` });
      expect(status.status, prefix).toBe(200);
    }
    const after = await controlSnapshot();
    expect(after).toEqual(controlAfterFuzzing(after));
  });
});
