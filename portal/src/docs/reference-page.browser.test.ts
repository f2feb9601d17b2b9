import { existsSync } from 'node:fs';
import express from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { createPortalApp } from '../create-portal-app.js';

/** Debian's Chromium (DESIGN.md §10); CI installs it, a developer's machine may not have it. */
const CHROMIUM = '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM);
const mustRun = process.env.CI === 'true';

/** The token the stand-in login answers; any string of the header's shape will do. */
const ISSUED_TOKEN = 'browser-test-session-token-0123456789';

/**
 * The portal behind a stand-in for the two user-api routes the test calls, on one origin as
 * behind styx: `POST /auth/login` answers a token, `GET /auth/user` reports the token it got.
 */
function platformStandIn() {
  const receivedTokens: (string | undefined)[] = [];
  const app = express();
  app.post('/auth/login', (_request, response) => {
    response.setHeader(SESSION_TOKEN_HEADER, ISSUED_TOKEN);
    response.json({ userid: '0123456789', username: 'jane@example.com', emails: ['jane@example.com'] });
  });
  app.get('/auth/user', (request, response) => {
    receivedTokens.push(request.get(SESSION_TOKEN_HEADER));
    response.json({ userid: '0123456789', username: 'jane@example.com', emails: ['jane@example.com'] });
  });
  app.use(createPortalApp({ logger: silentLogger(), version: '0.0.0' }).app);
  return { app, receivedTokens };
}

/** Opens an operation of the reference by its summary, and runs it with "Try it out". */
async function tryOperation(page: Page, summary: string): Promise<void> {
  const operation = page
    .locator('#api-reference .opblock')
    .filter({ has: page.getByText(summary, { exact: true }) });
  await operation.locator('.opblock-summary-control').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  await operation.locator('.live-responses-table .response-col_status').first().waitFor();
}

// Swagger UI parses and renders a large document: on a busy two-core machine a test takes seconds.
describe.skipIf(chromiumMissing && !mustRun)(
  'the API reference page in Chromium',
  { timeout: 90_000 },
  () => {
    let browser: Browser | undefined;

    function openPage(): Promise<Page> {
      if (browser === undefined)
        throw new Error(`CI=true and no Chromium at ${CHROMIUM}: apt-get install chromium`);
      return browser.newPage();
    }

    beforeAll(async () => {
      if (chromiumMissing) return;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('shows every group of operations, asking nothing of any other host', async () => {
      const { app } = platformStandIn();
      await using server = await startTestApp(app);
      const page = await openPage();
      const requested: string[] = [];
      const failed: string[] = [];
      const complaints: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('requestfailed', (request) => failed.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') complaints.push(message.text());
      });

      await page.goto(`${server.url}/docs`);
      const reference = page.locator('#api-reference');
      await reference.getByText('Log in', { exact: true }).waitFor();
      for (const summary of ['Create an account', 'Query device data', 'Write a note on a patient’s data']) {
        await expect(reference.getByText(summary, { exact: true }).count()).resolves.toBe(1);
      }
      await expect(page.getByRole('button', { name: /Authorize/ }).count()).resolves.toBeGreaterThan(0);
      await page.close();

      expect(requested.length).toBeGreaterThanOrEqual(5);
      for (const url of requested) expect(new URL(url).origin).toBe(server.url);
      expect(failed).toEqual([]);
      // A content security policy violation is reported as a console error.
      expect(complaints).toEqual([]);
    });

    it('sends the session token that "Log in" answered with the next call tried', async () => {
      const { app, receivedTokens } = platformStandIn();
      await using server = await startTestApp(app);
      const page = await openPage();
      await page.goto(`${server.url}/docs`);
      await page.locator('#api-reference').getByText('Log in', { exact: true }).waitFor();

      await tryOperation(page, 'Log in');
      await tryOperation(page, 'Get my account');
      await page.close();

      expect(receivedTokens).toEqual([ISSUED_TOKEN]);
    });
  },
);
