/** The checks every browser test makes on its pages can fail: an inaccessible page fails the axe scan. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPersonContext, skipBrowserTests } from './chromium.js';
import { expectAccessible } from './page-checks.js';

const PAGE = (body: string) =>
  `<!doctype html><html lang="en"><head><title>A page</title></head><body><main><h1>A page</h1>${body}</main></body></html>`;

describe.skipIf(skipBrowserTests)('expectAccessible', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('names each serious or critical violation and where it is', async () => {
    const context = await newPersonContext(browser, 'UTC');
    const page = await context.newPage();
    await page.setContent(
      PAGE('<button id="unnamed"></button><p id="faint" style="color:#ddd;background:#fff">faint text</p>'),
    );
    const failure: unknown = await expectAccessible(page, 'the faint page').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(String(failure)).toContain('the faint page');
    // The assertion's own value: every grave violation, by rule and element.
    expect((failure as { actual?: unknown }).actual).toEqual([
      'button-name: #unnamed',
      'color-contrast: #faint',
    ]);

    await page.setContent(PAGE('<button>Save</button><p>plain text</p>'));
    await expectAccessible(page, 'the plain page');
    await context.close();
  });
});
