import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import { PROBLEM_CODES, ProblemSchema } from '@tidepool/spec';
import { createPortalApp } from '../create-portal-app.js';
import { createDocsRouter } from './docs-router.js';
import { PUBLIC_OPENAPI_DOCUMENT_PATH } from './openapi-document.js';
import { PROBLEM_CODES_MARKER } from './guide-page.js';

const COMMITTED_PUBLIC_DOCUMENT = new URL('../../../spec/openapi/public.json', import.meta.url);

function startPortal() {
  return startTestApp(createPortalApp({ logger: silentLogger(), version: '0.0.0' }).app);
}

/** Every URL an HTML document loads or links to: `src` and `href` attribute values. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? '');
}

const scratch = mkdtempSync(join(tmpdir(), 'portal-docs-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the /docs routes', () => {
  it('answer the reference page, which loads only assets of this server', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const urls = referencedUrls(html);
    expect(urls).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(urls).toContain('/docs/assets/reference.js');
    expect(urls).toContain('/docs/guide');
    // Paths on this server, in-page anchors and the empty icon: no scheme, no other host.
    for (const url of urls) expect(url).toMatch(/^(\/(?!\/)|#|data:,$)/);
    const loaded = [...html.matchAll(/<(?:script|link rel="stylesheet")[^>]*\s(?:src|href)="([^"]*)"/g)];
    expect(loaded.length).toBeGreaterThanOrEqual(4);
    for (const [, url] of loaded) {
      const asset = await fetch(`${server.url}${url ?? ''}`);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(/^(text\/css|application\/javascript)/);
    }
  });

  it('answer the OpenAPI document exactly as committed in spec/openapi/public.json', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe(readFileSync(COMMITTED_PUBLIC_DOCUMENT, 'utf8'));
  });

  it('answer the guide rendered to HTML, with every problem code from the spec', async () => {
    await using server = await startPortal();
    const response = await fetch(`${server.url}/docs/guide`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Guide to the Tidepool platform API</h1>');
    expect(html).toContain('<h2>Get a session token with curl</h2>');
    expect(html).toContain('<h2>The SDK in five lines</h2>');
    expect(html).toMatch(/<pre><code class="language-ts">import \{ createClient \}/);
    expect(html).toContain('href="/docs"');
    expect(html).not.toContain(PROBLEM_CODES_MARKER);
    for (const code of PROBLEM_CODES) expect(html).toContain(`<td><code>${code}</code></td>`);
  });

  it('serve no file of swagger-ui-dist but the listed ones, and nothing outside', async () => {
    await using server = await startPortal();
    for (const path of [
      '/docs/assets/index.html',
      '/docs/assets/swagger-initializer.js',
      '/docs/assets/package.json',
      '/docs/assets/..%2F..%2Fpackage.json',
      '/docs/assets/hasOwnProperty',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(ProblemSchema.parse(await response.json()).code).toBe('NOT_FOUND');
    }
  });

  it('refuse to start when the OpenAPI document is not one', () => {
    const notOpenApi = join(scratch, 'not-openapi.json');
    writeFileSync(notOpenApi, '{"swagger-like": true}');
    expect(() => createDocsRouter({ openApiDocumentPath: notOpenApi })).toThrow(/is not an OpenAPI document/);
    const notJson = join(scratch, 'not-json.json');
    writeFileSync(notJson, '<html>');
    expect(() => createDocsRouter({ openApiDocumentPath: notJson })).toThrow(/is not JSON/);
  });

  it('refuse to start when the guide has no place for the problem codes', () => {
    const guide = join(scratch, 'guide.md');
    writeFileSync(guide, '# A guide\n\nNo table here.\n');
    expect(() => createDocsRouter({ guidePath: guide })).toThrow(/problem-codes/);
  });

  it('present the committed public document by default', () => {
    expect(readFileSync(PUBLIC_OPENAPI_DOCUMENT_PATH, 'utf8')).toBe(
      readFileSync(COMMITTED_PUBLIC_DOCUMENT, 'utf8'),
    );
  });
});
