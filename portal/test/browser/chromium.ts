/** Debian's Chromium for the browser tests (DESIGN.md §10): where it is, whether a test must run, how it starts. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; CI installs it, a developer's machine may not have it. */
export const CHROMIUM = '/usr/bin/chromium';

/** True when the browser tests cannot run here: they are skipped, except under `CI=true`. */
export const chromiumMissing = !existsSync(CHROMIUM);

/** Under `CI=true` no browser test may be skipped: a missing Chromium fails them instead. */
export const browserTestsMustRun = process.env.CI === 'true';

/** Skip a browser suite only off CI and without Chromium: `describe.skipIf(skipBrowserTests)`. */
export const skipBrowserTests = chromiumMissing && !browserTestsMustRun;

/**
 * Starts Chromium headless with the flags every browser test uses (no sandbox, as in a
 * container; nothing fetched in the background), or answers undefined when it is missing.
 */
export async function launchChromium(): Promise<Browser | undefined> {
  if (chromiumMissing) return undefined;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh profile (its own cookies and session storage: one person) in `timeZone`, with a
 * desktop-sized window. Throws the install hint when Chromium is missing under CI.
 */
export function newPersonContext(browser: Browser | undefined, timeZone: string): Promise<BrowserContext> {
  if (browser === undefined)
    throw new Error(`CI=true and no Chromium at ${CHROMIUM}: apt-get install chromium`);
  return browser.newContext({
    timezoneId: timeZone,
    locale: 'en-GB',
    viewport: { width: 1200, height: 900 },
  });
}
