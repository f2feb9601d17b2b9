import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { publicRoute } from '@tidepool/spec';
import { createNotesApp, USER_TOKEN } from '../../test-fixtures/notes-app.js';
import { captureLogs, staticTokenChecker, startTestApp } from '../testing/index.js';
import { createServiceApp } from './create-service-app.js';

const c = initContract();

/** The value of the sample of a metric with exactly these labels, in any order. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([label, value]) => `${label}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] === name && match[2]?.split(',').sort().join(',') === wanted) return Number(match[3]);
  }
  return undefined;
}
const config = { NODE_ENV: 'test' as const, BODY_LIMIT: '1kb', SERVER_SECRET: 'x'.repeat(32) };
const common = {
  service: 'odd',
  version: '0',
  config,
  logger: captureLogs().logger,
  tokenChecker: staticTokenChecker({}),
};

describe('createServiceApp', () => {
  it('refuses a contract route without metadata, naming it', () => {
    const contract = c.router({
      getThing: { method: 'GET', path: '/thing', responses: { 200: z.object({}) } },
    });
    expect(() =>
      createServiceApp({
        ...common,
        contract,
        handlers: { getThing: () => Promise.resolve({ status: 200 as const, body: {} }) },
      }),
    ).toThrow(/Route "getThing" \(GET \/thing\) has no route metadata/);
  });

  it('refuses handlers that miss a route of the contract', () => {
    const contract = c.router({
      getThing: {
        method: 'GET',
        path: '/thing',
        responses: { 200: z.object({}) },
        metadata: publicRoute('none'),
      },
      getOther: {
        method: 'GET',
        path: '/other',
        responses: { 200: z.object({}) },
        metadata: publicRoute('none'),
      },
    });
    const handlers = { getThing: () => Promise.resolve({ status: 200 as const, body: {} }) };
    expect(() => createServiceApp({ ...common, contract, handlers: handlers as never })).toThrow(
      'No handler for route "getOther" of the contract.',
    );
  });

  it('routes a literal path before a parameter path whatever order the handlers are written in', async () => {
    const contract = c.router({
      listGroups: {
        method: 'GET',
        path: '/groups/:userid',
        responses: { 200: z.object({ route: z.literal('listGroups') }) },
        metadata: publicRoute('none'),
      },
      getPermissions: {
        method: 'GET',
        path: '/:groupid/:userid',
        responses: { 200: z.object({ route: z.literal('getPermissions') }) },
        metadata: publicRoute('none'),
      },
    });
    const { app } = createServiceApp({
      ...common,
      contract,
      handlers: {
        getPermissions: () =>
          Promise.resolve({ status: 200 as const, body: { route: 'getPermissions' as const } }),
        listGroups: () => Promise.resolve({ status: 200 as const, body: { route: 'listGroups' as const } }),
      },
    });
    await using server = await startTestApp(app);
    const groups = (await (await fetch(`${server.url}/groups/abc`)).json()) as { route: string };
    const permissions = (await (await fetch(`${server.url}/abc/def`)).json()) as { route: string };
    expect(groups.route).toBe('listGroups');
    expect(permissions.route).toBe('getPermissions');
  });

  it('sets security headers, refuses caching and hides the framework', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/hello`);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('sends no ETag: an answer nobody may store is never revalidated, and a condition changes nothing', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/hello`);
    expect(response.headers.get('etag')).toBeNull();
    // The weak ETag Express would make for this body.
    const conditional = await fetch(`${server.url}/hello`, {
      headers: { 'if-none-match': 'W/"11-IkjuL6CqqtmReFMfkkvwC0sKj04"' },
    });
    expect(conditional.status).toBe(200);
    expect(await conditional.json()).toEqual({ hello: 'world' });
  });
});

describe.each([
  ['declares the status routes', false],
  ['does not declare the status routes', true],
])('/status and /metrics when the contract %s', (_name, withoutStatusRoutes) => {
  it('answers status ok with each check when every check passes', async () => {
    const { app } = createNotesApp({ withoutStatusRoutes, checks: { database: () => Promise.resolve() } });
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      service: 'notes',
      version: '1.2.3',
      status: 'ok',
      uptimeSeconds: expect.any(Number) as number,
      checks: { database: 'ok' },
    });
  });

  it('answers a 503 problem naming the failing checks when a check fails', async () => {
    const { app, logs } = createNotesApp({
      withoutStatusRoutes,
      checks: {
        database: () => Promise.reject(new Error('connection refused')),
        cache: () => Promise.resolve(),
      },
    });
    await using server = await startTestApp(app);
    const response = await fetch(`${server.url}/status`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'Failing checks: database.',
    });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ check: 'database', reason: 'connection refused' }),
    );
  });

  it('exposes request metrics labelled by route key, never by raw path', async () => {
    const { app } = createNotesApp({ withoutStatusRoutes });
    await using server = await startTestApp(app);
    await (
      await fetch(`${server.url}/notes/0123456789`, { headers: { 'x-tidepool-session-token': USER_TOKEN } })
    ).text();
    await (await fetch(`${server.url}/notes/abcdefabcd`)).text();
    await (await fetch(`${server.url}/no/such/0123456789`)).text();
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    // Express adds the charset parameter; Prometheus reads the media type and its version.
    const contentType = response.headers.get('content-type') ?? '';
    expect(contentType.split(';').map((part) => part.trim())).toEqual(
      expect.arrayContaining(['text/plain', 'version=0.0.4']),
    );
    const text = await response.text();
    const labels = { service: 'notes', method: 'GET' };
    expect(sample(text, 'http_requests_total', { ...labels, route: 'getNote', status: '200' })).toBe(1);
    expect(sample(text, 'http_requests_total', { ...labels, route: 'getNote', status: '401' })).toBe(1);
    expect(sample(text, 'http_requests_total', { ...labels, route: 'unmatched', status: '404' })).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', { ...labels, route: 'getNote', status: '200' }),
    ).toBe(1);
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).not.toMatch(/0123456789|abcdefabcd/);
  });
});
