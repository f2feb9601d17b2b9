import { describe, expect, it } from 'vitest';
import { captureLogs, silentLogger, startTestApp } from '@tidepool/kit/testing';
import { ProblemSchema, ServiceStatusSchema } from '@tidepool/spec';
import { createPortalApp } from './create-portal-app.js';

function startPortal(logger = silentLogger()) {
  return startTestApp(createPortalApp({ logger, version: '9.8.7' }).app);
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const directive of (header ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name !== undefined && name !== '') parsed.set(name, sources);
  }
  return parsed;
}

describe('createPortalApp', () => {
  it('answers /status ok with the portal service name and version', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const status = ServiceStatusSchema.parse(await response.json());
    expect(status).toMatchObject({ service: 'portal', version: '9.8.7', status: 'ok' });
  });

  it('answers a 404 problem for an unknown path, with the request id it echoes', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/docs/nothing-here?token=abc`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/docs/nothing-here' });
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers a 404 problem for a method no page accepts', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/docs`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(ProblemSchema.parse(await response.json()).code).toBe('NOT_FOUND');
  });

  it('keeps an acceptable incoming X-Request-Id', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/`, { headers: { 'x-request-id': 'styx-1234' } });
    expect(response.headers.get('x-request-id')).toBe('styx-1234');
  });

  it('serves a home page that says what the platform is and links to the docs', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<h1>Tidepool platform</h1>');
    expect(html).toContain('diabetes data');
    expect(html).toContain('href="/docs"');
    expect(html).toContain('href="/docs/guide"');
  });

  it('sends a content security policy that allows this server only', async () => {
    await using server = await startPortal();
    for (const path of ['/', '/docs', '/docs/guide']) {
      const policy = directives((await fetch(`${server.url}${path}`)).headers.get('content-security-policy'));
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect(policy.get('connect-src')).toEqual(["'self'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      for (const sources of policy.values()) {
        for (const source of sources) expect(["'self'", "'none'", 'data:']).toContain(source);
      }
    }
  });

  it('counts requests in /metrics by route pattern, never by raw path', async () => {
    await using server = await startPortal();
    await fetch(`${server.url}/docs/assets/site.css`);
    await fetch(`${server.url}/docs/assets/not-an-asset.js`);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/docs\/assets\/:name"[^}]*status="200"/);
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/docs\/assets\/:name"[^}]*status="404"/);
    expect(text).not.toContain('not-an-asset');
  });

  it('logs one line per request with its id, route and status, and no query string', async () => {
    const logs = captureLogs();
    await using server = await startPortal(logs.logger);
    const response = await fetch(`${server.url}/docs/guide?session=secret-looking-value`);
    await response.text();
    await server.close();
    const lines = logs.lines().filter((line) => line.msg === 'request completed');
    expect(lines).toEqual([
      expect.objectContaining({
        requestId: response.headers.get('x-request-id'),
        method: 'GET',
        route: '/docs/guide',
        status: 200,
      }),
    ]);
    expect(logs.text()).not.toContain('secret-looking-value');
  });
});
