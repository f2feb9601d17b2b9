import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { ProblemSchema } from '@tidepool/spec';
import { startStyx, type RunningStyx, type StyxOptions } from '../start-styx.js';
import type { RulesInput } from '../rules/rules-schema.js';
import { captureLogger } from '../testing/capture-logger.js';
import { createStaticUpstreamSource } from '../upstream/upstream-source.js';
import { sendRequest } from '../testing/send-request.js';
import { startTestUpstream, type TestUpstream, type UpstreamBehaviour } from '../testing/test-upstream.js';

const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((resource) => resource.close()));
});

async function upstream(name: string, behaviour?: UpstreamBehaviour): Promise<TestUpstream> {
  const started = await startTestUpstream(name, behaviour);
  opened.push(started);
  return started;
}

async function styx(rules: RulesInput, options: Omit<StyxOptions, 'rules'> = {}): Promise<RunningStyx> {
  const started = await startStyx({ rules, ...options });
  opened.push(started);
  return started;
}

interface Echo {
  upstream: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('styx routing', () => {
  it('strips the prefix by default and keeps the query', async () => {
    const auth = await upstream('auth');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: [auth.url] } }] },
    });

    const login = (await sendRequest(`${router.url}/auth/login?next=%2Fdata`)).json() as Echo;
    const bare = (await sendRequest(`${router.url}/auth`)).json() as Echo;

    expect(login.url).toBe('/login?next=%2Fdata');
    expect(bare.url).toBe('/');
  });

  it('keeps the prefix when the rule says so', async () => {
    const portal = await upstream('portal');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/docs', keepPrefix: true, target: { upstreams: [portal.url] } }] },
    });

    const answer = (await sendRequest(`${router.url}/docs/api/public.json`)).json() as Echo;

    expect(answer.url).toBe('/docs/api/public.json');
    expect(answer.headers['x-forwarded-prefix']).toBeUndefined();
  });

  it('matches prefixes at segment boundaries only', async () => {
    const auth = await upstream('auth');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: [auth.url] } }] },
    });

    const answer = await sendRequest(`${router.url}/authority`);

    expect(answer.status).toBe(404);
    expect(auth.requests).toHaveLength(0);
  });

  it('chooses rules by Host, case-insensitively, with * for other hosts', async () => {
    const api = await upstream('api');
    const web = await upstream('web');
    const router = await styx({
      hosts: {
        'API.example.org': [{ pathPrefix: '/', target: { upstreams: [api.url] } }],
        '*': [{ pathPrefix: '/', target: { upstreams: [web.url] } }],
      },
    });

    const byName = (
      await sendRequest(`${router.url}/x`, { headers: { host: 'api.EXAMPLE.org' } })
    ).json() as Echo;
    const withPort = (
      await sendRequest(`${router.url}/x`, { headers: { host: 'api.example.org:8009' } })
    ).json() as Echo;
    const other = (
      await sendRequest(`${router.url}/x`, { headers: { host: 'www.example.org' } })
    ).json() as Echo;

    expect([byName.upstream, withPort.upstream, other.upstream]).toEqual(['api', 'api', 'web']);
  });

  it('answers 404 problem when no rule covers the host', async () => {
    const api = await upstream('api');
    const router = await styx({
      hosts: { 'api.example.org': [{ pathPrefix: '/', target: { upstreams: [api.url] } }] },
    });

    const answer = await sendRequest(`${router.url}/x`, { headers: { host: 'evil.example.org' } });

    expect(answer.status).toBe(404);
    expect(answer.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'styx has no rules for this host.' });
  });

  it('redirects with the rest of the path and the query', async () => {
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/old', redirect: { to: 'https://new.example.org/app', status: 301 } }] },
    });

    const answer = await sendRequest(`${router.url}/old/page?x=1`);

    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe('https://new.example.org/app/page?x=1');
  });
});

describe('styx headers', () => {
  it('removes hop-by-hop headers both ways and sets the forwarded headers', async () => {
    const service = await upstream('service', (request, response) => {
      response.writeHead(200, {
        connection: 'x-upstream-hop',
        'x-upstream-hop': 'secret of the connection',
        'keep-alive': 'timeout=5',
        'proxy-authenticate': 'Basic',
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ headers: request.headers }));
    });
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/api', target: { upstreams: [service.url] } }] },
    });

    const answer = await sendRequest(`${router.url}/api/thing`, {
      headers: {
        host: 'platform.example.org',
        connection: 'keep-alive, x-client-hop',
        'x-client-hop': 'for styx only',
        'keep-alive': 'timeout=30',
        te: 'trailers',
        'proxy-authorization': 'Basic c3R5eDpzZWNyZXQ=',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'spoofed.example.org',
        'x-end-to-end': 'kept',
      },
    });
    const seen = (answer.json() as { headers: Record<string, string> }).headers;

    for (const name of ['x-client-hop', 'keep-alive', 'te', 'proxy-authorization'])
      expect(seen[name]).toBeUndefined();
    expect(seen['x-end-to-end']).toBe('kept');
    // The client's own X-Forwarded-For is not believed: only the address styx saw goes upstream.
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('platform.example.org');
    expect(seen['x-forwarded-prefix']).toBe('/api');
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['proxy-authenticate']).toBeUndefined();
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('believes X-Forwarded-For, -Proto and -Host only when told to trust a proxy in front', async () => {
    const service = await upstream('service');
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [service.url] } }] } },
      { trustForwarded: true },
    );

    const answer = (
      await sendRequest(`${router.url}/`, {
        headers: {
          'x-forwarded-for': '203.0.113.9',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'api.example.org',
        },
      })
    ).json() as Echo;

    expect(answer.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(answer.headers['x-forwarded-proto']).toBe('https');
    expect(answer.headers['x-forwarded-host']).toBe('api.example.org');
  });

  it('keeps a sane X-Request-Id, replaces an unsafe one, and echoes it', async () => {
    const service = await upstream('service');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [service.url] } }] },
    });

    const kept = await sendRequest(`${router.url}/`, { headers: { 'x-request-id': 'client-id-123' } });
    const replaced = await sendRequest(`${router.url}/`, {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });

    expect(kept.headers['x-request-id']).toBe('client-id-123');
    expect((kept.json() as Echo).headers['x-request-id']).toBe('client-id-123');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((replaced.json() as Echo).headers['x-request-id']).toBe(replaced.headers['x-request-id']);
  });
});

describe('styx CORS', () => {
  const cors = { allowedOrigins: ['https://app.example.org'], maxAgeSeconds: 300 };

  it('answers a preflight itself without asking the service', async () => {
    const service = await upstream('service');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/', cors, target: { upstreams: [service.url] } }] },
    });

    const answer = await sendRequest(`${router.url}/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-tidepool-session-token, content-type',
      },
    });

    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.org');
    expect(answer.headers['access-control-allow-headers']).toContain('x-tidepool-session-token');
    expect(answer.headers['access-control-allow-methods']).toContain('POST');
    expect(answer.headers['access-control-max-age']).toBe('300');
    expect(service.requests).toHaveLength(0);
  });

  it('refuses a preflight from an origin that is not allowed', async () => {
    const service = await upstream('service');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/', cors, target: { upstreams: [service.url] } }] },
    });

    const answer = await sendRequest(`${router.url}/x`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.org', 'access-control-request-method': 'GET' },
    });

    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('exposes the session token and the request id to allowed origins', async () => {
    const service = await upstream('service', (_request, response) => {
      response.writeHead(200, { 'access-control-allow-origin': '*', vary: 'Accept-Encoding' });
      response.end('{}');
    });
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/', cors, target: { upstreams: [service.url] } }] },
    });

    const answer = await sendRequest(`${router.url}/x`, { headers: { origin: 'https://app.example.org' } });

    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.org');
    expect(answer.headers['access-control-expose-headers']).toBe('x-tidepool-session-token, x-request-id');
    expect(answer.headers.vary).toBe('Accept-Encoding, Origin');
  });
});

describe('styx refusals', () => {
  it('answers 404 to internal routes of the contracts, however they are spelled, without forwarding', async () => {
    const users = await upstream('user-api');
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: [users.url] } }] },
    });
    const refused = [
      ['GET', '/auth/token/abc'],
      ['GET', '/auth/TOKEN/abc/'],
      ['GET', '/auth//token/abc'],
      ['GET', '/auth/%74oken/abc'],
      ['GET', '/auth/x/../token/abc'],
      ['HEAD', '/auth/token/abc'],
      ['GET', '/auth/private/u1/meta'],
      ['GET', '/auth/metrics'],
      ['GET', '/metadata/internal/users/u1'],
    ];

    for (const [method, path] of refused) {
      const answer = await sendRequest(`${router.url}${path ?? ''}`, { method });
      expect(answer.status, `${method ?? ''} ${path ?? ''}`).toBe(404);
    }
    const publicRoute = await sendRequest(`${router.url}/auth/login`, { method: 'POST' });

    expect(publicRoute.status).toBe(200);
    expect(users.requests.map((request) => request.url)).toEqual(['/login']);
  });

  it('refuses the internal routes of a service under whatever prefix a rule gives it', async () => {
    const users = await upstream('user-api');
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/accounts', target: { service: 'user-api' } }] } },
      { resolveService: () => createStaticUpstreamSource([users.url]) },
    );

    const internal = await sendRequest(`${router.url}/accounts/token/abc`);
    const metrics = await sendRequest(`${router.url}/accounts/metrics`);
    const publicRoute = await sendRequest(`${router.url}/accounts/user`);

    expect([internal.status, metrics.status, publicRoute.status]).toEqual([404, 404, 200]);
    expect(users.requests.map((request) => request.url)).toEqual(['/user']);
  });

  it('names a static target after the rules that share it, in the access log', async () => {
    const shared = await upstream('shared');
    const other = await upstream('other');
    const captured = captureLogger();
    const router = await styx(
      {
        hosts: {
          '*': [
            { pathPrefix: '/auth', target: { upstreams: [shared.url] } },
            { pathPrefix: '/data', target: { upstreams: [shared.url] } },
            { pathPrefix: '/', target: { upstreams: [other.url] } },
          ],
        },
      },
      { logger: captured.logger },
    );
    for (const path of ['/auth/a', '/data/b', '/c'])
      expect((await sendRequest(`${router.url}${path}`)).status).toBe(200);

    await expect
      .poll(() => captured.accessLines().map((line) => [line.path, line.route, line.target]))
      .toEqual([
        ['/auth/a', '/auth', '/auth,/data'],
        ['/data/b', '/data', '/auth,/data'],
        ['/c', '/', '/'],
      ]);
  });

  it('answers internal routes and unknown paths alike, and logs no token', async () => {
    const users = await upstream('user-api');
    const captured = captureLogger();
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: [users.url] } }] } },
      { logger: captured.logger },
    );

    const internal = (await sendRequest(`${router.url}/auth/token/s3cr3t-t0ken`)).json() as Record<
      string,
      unknown
    >;
    const unknown = (await sendRequest(`${router.url}/nothing`)).json() as Record<string, unknown>;

    expect(internal.detail).toBe(unknown.detail);
    expect(JSON.stringify(captured.lines)).not.toContain('s3cr3t-t0ken');
    expect(captured.accessLines()[0]).toMatchObject({ path: 'internal /auth/token/:token', status: 404 });
  });

  it('answers problems in the platform shape, with the request id', async () => {
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: ['http://127.0.0.1:9'] } }] },
    });

    const answer = await sendRequest(`${router.url}/nowhere?token=abc`, {
      headers: { 'x-request-id': 'req-42' },
    });

    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = ProblemSchema.parse(answer.json());
    expect(problem).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      requestId: 'req-42',
      instance: '/nowhere',
    });
    expect(answer.text).not.toContain('token=abc');
  });

  it('answers 413 from the declared length, before reading the body', async () => {
    const service = await upstream('service');
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [service.url] } }] } },
      { bodyLimitBytes: 1024 },
    );

    // Only the headers are sent: a client that waits for an answer before its body, as with `Expect: 100-continue`.
    const answer = await sendRequest(`${router.url}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 2048 },
    });

    expect(answer.status).toBe(413);
    expect(answer.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(service.requests).toHaveLength(0);
  });

  it('answers 413 when a streamed body grows past the limit', async () => {
    const service = await upstream('service');
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [service.url] } }] } },
      { bodyLimitBytes: 1024 },
    );

    const answer = await sendRequest(`${router.url}/upload`, {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(4096, 0x20),
    });

    expect(answer.status).toBe(413);
    expect(service.requests).toHaveLength(0);
  });
});

describe('styx streaming', () => {
  it('passes server-sent events through one by one, unbuffered', async () => {
    let sendNext: (() => void) | undefined;
    const events = await upstream('events', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      let count = 0;
      sendNext = () => {
        if (count === 3) return;
        count += 1;
        response.write(`data: ${count}\n\n`);
        if (count === 3) response.end();
      };
      sendNext();
    });
    const router = await styx({ hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [events.url] } }] } });

    const response = await fetch(`${router.url}/watch`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const received: string[] = [];
    // Each event must arrive before the upstream writes the next one: nothing waits in a buffer.
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received.push(decoder.decode(value));
      sendNext?.();
    }

    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(received.join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
  });
});

describe('styx and a client that leaves', () => {
  it('stops the upstream request, logs 499, and serves the next request on a new connection', async () => {
    let upstreamClosed: () => void = () => undefined;
    const closedUpstream = new Promise<void>((resolve) => (upstreamClosed = resolve));
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    // Holds the request without answering, and notes when styx gives it up.
    const slow = await upstream('slow', (request, response) => {
      if (request.url === '/hold') {
        response.on('close', upstreamClosed);
        arrived();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
      response.end('ok');
    });
    const captured = captureLogger();
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [slow.url] } }] } },
      { logger: captured.logger },
    );

    const client = request(`${router.url}/hold`);
    client.on('error', () => undefined);
    client.end();
    await arrival;
    client.destroy();
    await closedUpstream;
    const next = await sendRequest(`${router.url}/after`);

    expect(next.status).toBe(200);
    await expect
      .poll(() => captured.accessLines().map((line) => [line.path, line.status]))
      .toEqual([
        ['/hold', 499],
        ['/after', 200],
      ]);
  });
});

describe('styx and a body the upstream answered without reading', () => {
  it('reads the rest of the body, so that the next request on the connection is answered', async () => {
    // Refuses a POST at once, as a service refuses a media type, without reading its body.
    const refusing = await upstream('refusing', (incoming, response) => {
      response.writeHead(incoming.method === 'POST' ? 415 : 200, {
        'content-type': 'text/plain',
        'content-length': 2,
      });
      response.end('ok');
    });
    const router = await styx({
      hosts: { '*': [{ pathPrefix: '/', target: { upstreams: [refusing.url] } }] },
    });
    // One keep-alive connection: the GET goes on the connection that carried the POST.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, body?: Buffer) =>
      new Promise<{ status: number; port: number }>((resolve, reject) => {
        const outgoing = request(`${router.url}/upload`, { method, agent }, (answer) => {
          answer.resume();
          answer.on('end', () => {
            resolve({ status: answer.statusCode ?? 0, port: outgoing.socket?.localPort ?? 0 });
          });
        });
        outgoing.on('error', reject);
        outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`${method}: no answer within 10 s`)));
        outgoing.end(body);
      });
    try {
      const refused = await send('POST', Buffer.alloc(3_000_000, 'a'));
      const next = await send('GET');

      expect(refused.status).toBe(415);
      expect(next).toEqual({ status: 200, port: refused.port });
    } finally {
      agent.destroy();
    }
  });
});
