/** What the browser tests check on every page: an axe scan, a screenshot, and no script or policy errors. */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The accessibility rules of WCAG 2.1 A and AA; serious and critical violations fail the test.
 *
 * In axe's legacy mode: the portal's pages have no frames from other origins, which is what
 * the default mode adds, by opening a blank page for every scan to gather the frames' results
 * in (~1.3 s a scan here; a scan in legacy mode takes ~0.75 s, and finds the same).
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const grave = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(grave, name).toEqual([]);
}

/**
 * A function that saves a full-page screenshot as `<folder>/<name>.png`; the folder must
 * exist and should be git-ignored (`test-output/` is).
 */
export function screenshotsIn(folder: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  };
}

/** Collects uncaught errors and content security policy violations (reported as console errors). */
export function watchForErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      errors.push(message.text());
    }
  });
}
