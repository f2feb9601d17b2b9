import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import { ProblemSchema } from '@tidepool/spec';
import { createPortalApp } from '../create-portal-app.js';

const INDEX_HTML =
  '<!doctype html><title>App</title><script type="module" src="/assets/index-abc123.js"></script>';

describe('the app routes of the portal', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'portal-app-'));
    await mkdir(join(folder, 'assets'));
    await writeFile(join(folder, 'index.html'), INDEX_HTML);
    await writeFile(join(folder, 'assets', 'index-abc123.js'), 'console.log("app");');
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  function startPortal() {
    return startTestApp(createPortalApp({ logger: silentLogger(), version: '1.0.0', appFolder: folder }).app);
  }

  it('answers the app’s HTML at each page of the app, revalidated on every load', async () => {
    await using server = await startPortal();
    for (const path of ['/', '/login', '/data', '/verify-email?token=abc', '/care-team/']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX_HTML);
    }
  });

  it('serves hashed assets with a year of immutable caching, under the page security policy', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log("app");');
  });

  it('answers a 404 problem for an unknown asset, a path outside the folder and a path that is no page', async () => {
    await using server = await startPortal();
    for (const path of [
      '/assets/missing.js',
      '/assets/..%2Findex.html',
      '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/nowhere',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(ProblemSchema.parse(await response.json()).code).toBe('NOT_FOUND');
    }
  });

  it('keeps /docs, /status and /metrics as they were', async () => {
    await using server = await startPortal();
    expect((await fetch(`${server.url}/docs`)).status).toBe(200);
    expect((await fetch(`${server.url}/status`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('refuses to start without a built app in the folder', () => {
    expect(() =>
      createPortalApp({ logger: silentLogger(), version: '1.0.0', appFolder: join(folder, 'assets') }),
    ).toThrow(/index\.html/);
  });
});
