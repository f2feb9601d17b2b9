/**
 * The public API without the SDK, as an integration partner in any language would use it:
 * plain HTTP described by `public.json`, here through openapi-fetch and the TypeScript types
 * that openapi-typescript generated from it. Signs up, uploads a day of CGM, reads it back,
 * shares it with a caregiver who reads it too.
 *
 * Run against `npm start`: `npm start -w examples/partner-openapi` (TIDEPOOL_URL to point elsewhere).
 */
import { randomBytes } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import type { PublicApi } from '@tidepool/spec';

type Paths = PublicApi.paths;
type Datum = NonNullable<Paths['/data/{userid}']['post']['requestBody']>['content']['application/json'];

const baseUrl = process.env.TIDEPOOL_URL ?? 'http://localhost:8009';
const TOKEN_HEADER = 'x-tidepool-session-token';
const tag = randomBytes(4).toString('hex');
const password = `partner ${randomBytes(12).toString('base64url')}`;

/** A client that keeps the session token the platform answers with and sends it on every call. */
function sessionClient() {
  let token: string | undefined;
  const session: Middleware = {
    onRequest({ request }) {
      if (token !== undefined) request.headers.set(TOKEN_HEADER, token);
      return request;
    },
    onResponse({ response }) {
      token = response.headers.get(TOKEN_HEADER) ?? token;
      return response;
    },
  };
  const client = createClient<Paths>({ baseUrl });
  client.use(session);
  return client;
}

/** Fails loudly with the problem details (RFC 9457) the platform answers with. */
function ok<Data>(result: { data?: Data; error?: unknown; response: Response }, what: string): Data {
  if (result.data === undefined) {
    console.error(`${what} failed with ${result.response.status}:`, result.error);
    process.exit(1);
  }
  return result.data;
}

const day = '2024-05-01';
const start = Date.parse(`${day}T00:00:00Z`);
const deviceId = `DexG7_${tag}`;
const uploadId = `partner-${tag}`;
const readings: Datum = Array.from({ length: 288 }, (_, index) => ({
  type: 'cbg' as const,
  time: new Date(start + index * 5 * 60_000).toISOString(),
  units: 'mmol/L' as const,
  value: Number((6.7 + 2.8 * Math.sin((index / 288) * 2 * Math.PI * 3)).toFixed(1)),
  deviceId,
  uploadId,
}));

// Sign up: POST /auth/user answers the user and a session token in a header.
const patient = sessionClient();
const patientUser = ok(
  await patient.POST('/auth/user', { body: { emails: [`partner-${tag}@example.org`], password } }),
  'signup',
);

// Upload, then read back (GET /data/{userid} answers an array sorted by time).
const uploaded = ok(
  await patient.POST('/data/{userid}', { params: { path: { userid: patientUser.userid } }, body: readings }),
  'upload',
);
const query = { type: 'cbg', startDate: `${day}T00:00:00Z`, endDate: `${day}T23:59:59Z` };
const back = ok(
  await patient.GET('/data/{userid}', { params: { path: { userid: patientUser.userid }, query } }),
  'query',
);
console.log(`uploaded ${uploaded.stored}, read back ${back.length}`);

// Share: a caregiver signs up; the patient grants view; the caregiver reads.
const caregiver = sessionClient();
const caregiverUser = ok(
  await caregiver.POST('/auth/user', { body: { emails: [`caregiver-${tag}@example.org`], password } }),
  'caregiver signup',
);
ok(
  await patient.POST('/access/{groupid}/{userid}', {
    params: { path: { groupid: patientUser.userid, userid: caregiverUser.userid } },
    body: { view: {} },
  }),
  'share',
);
const shared = ok(
  await caregiver.GET('/data/{userid}', { params: { path: { userid: patientUser.userid }, query } }),
  'caregiver query',
);
console.log(`the caregiver sees ${shared.length} readings`);

if (back.length !== 288 || shared.length !== 288) {
  console.error('expected 288 readings both ways');
  process.exit(1);
}
