/**
 * A fake platform for importer tests, on a real HTTP port: login and logout as user-api answers
 * them, and `POST /data/:userid` as the data contract says (validation with the contract's
 * schema, all or nothing, duplicates skipped by type, time, device and guid).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UploadBodySchema } from '@tidepool/spec';
import type { Datum } from '@tidepool/spec';

export interface FakePlatformOptions {
  readonly email: string;
  readonly password: string;
  readonly userid: string;
  /** A server-side rule the contract does not state: a message refuses the datum. */
  readonly refuse?: (datum: Datum) => string | undefined;
  /**
   * A real data service (`@tidepool/data/testing`) to send uploads to instead of the fake
   * store, with the session token it knows the user by.
   */
  readonly dataService?: { readonly url: string; readonly token: string };
}

export interface FakePlatform extends AsyncDisposable {
  readonly url: string;
  /** Every datum stored, in order. */
  readonly stored: Datum[];
  /** Upload requests received. */
  readonly uploadRequests: number;
  close(): Promise<void>;
}

const TOKEN = 'fake-session-token';

function send(
  response: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): true {
  const problem = status >= 400;
  response.writeHead(status, {
    'content-type': problem ? 'application/problem+json' : 'application/json',
    'x-request-id': 'fake-request',
    ...headers,
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
  return true;
}

function problem(status: number, code: string, detail: string, errors?: unknown[]) {
  return {
    type: 'about:blank',
    title: code,
    status,
    code,
    detail,
    requestId: 'fake-request',
    ...(errors ? { errors } : {}),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** Hands an upload to a real data service (which serves without the `/data` prefix) and relays its answer. */
async function forward(
  request: IncomingMessage,
  response: ServerResponse,
  dataService: { readonly url: string; readonly token: string },
  userid: string,
): Promise<true> {
  const answer = await fetch(`${dataService.url}/${userid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tidepool-session-token': dataService.token },
    body: JSON.stringify(await readJson(request)),
  });
  return send(response, answer.status, await answer.json());
}

/** Starts the fake on 127.0.0.1 and a free port; `await using` closes it. */
export async function startFakePlatform(options: FakePlatformOptions): Promise<FakePlatform> {
  const stored: Datum[] = [];
  const keys = new Set<string>();
  let uploadRequests = 0;
  const basic = `Basic ${Buffer.from(`${options.email}:${options.password}`).toString('base64')}`;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (request.method === 'POST' && path === '/auth/login') {
      if (request.headers.authorization !== basic)
        return send(response, 401, problem(401, 'UNAUTHORIZED', 'Wrong email or password.'));
      const user = {
        userid: options.userid,
        emails: [options.email],
        emailVerified: true,
        createdTime: '2024-01-01T00:00:00.000Z',
      };
      return send(response, 200, user, { 'x-tidepool-session-token': TOKEN });
    }
    if (request.headers['x-tidepool-session-token'] !== TOKEN)
      return send(response, 401, problem(401, 'UNAUTHORIZED', 'No session.'));
    if (request.method === 'POST' && path === '/auth/logout') return send(response, 200);
    const match = /^\/data\/([a-f0-9]+)$/.exec(path);
    if (request.method !== 'POST' || match === null)
      return send(response, 404, problem(404, 'NOT_FOUND', 'No such route.'));
    if (match[1] !== options.userid)
      return send(response, 403, problem(403, 'FORBIDDEN', 'Uploading needs upload permission.'));
    uploadRequests += 1;
    if (options.dataService !== undefined)
      return forward(request, response, options.dataService, options.userid);
    const parsed = UploadBodySchema.safeParse(await readJson(request));
    const data = parsed.success ? (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) : [];
    const errors = parsed.success
      ? data.flatMap((datum, index) => {
          const message = options.refuse?.(datum);
          return message === undefined ? [] : [{ location: 'body', path: `${index}.value`, message }];
        })
      : parsed.error.issues.map((issue) => ({
          location: 'body',
          path: issue.path.join('.'),
          message: issue.message,
        }));
    if (errors.length > 0)
      return send(response, 400, problem(400, 'VALIDATION_FAILED', 'Some data are invalid.', errors));
    let duplicates = 0;
    for (const datum of data) {
      const key = [datum.type, datum.time, datum.deviceId, datum.guid ?? ''].join('|');
      if (keys.has(key)) duplicates += 1;
      else {
        keys.add(key);
        stored.push(datum);
      }
    }
    const uploadIds = [...new Set(data.map((datum) => datum.uploadId))];
    return send(response, 200, { stored: data.length - duplicates, duplicates, uploadIds });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, problem(500, 'INTERNAL', error instanceof Error ? error.message : 'failure'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  return {
    url: `http://127.0.0.1:${port}`,
    stored,
    get uploadRequests() {
      return uploadRequests;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
