import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import { parseClarityCsv } from '@tidepool/sdk';
import { addDays, dayEnd, dayOf, dayStart } from '../app/src/glucose/local-day.js';
import { buildApp } from '../src/app-bundle/build-app.js';
import { createPortalApp } from '../src/create-portal-app.js';
import { claritySample } from './clarity-sample.js';
import { cgmReadings, expectedSummary } from './expected-glucose.js';
import { createFakePlatform } from './fake-platform/fake-platform.js';

/** Debian's Chromium (DESIGN.md §10); CI installs it, a developer's machine may not have it. */
const CHROMIUM = '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM);
const mustRun = process.env.CI === 'true';

/** The browser's zone, and the one the Clarity file's local times are read in. */
const TIME_ZONE = 'Europe/Paris';
// The expected days are computed here with the same local-day functions as the page: in the browser's zone.
process.env.TZ = TIME_ZONE;
const SCREENSHOTS = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));

/** The accessibility rules of WCAG 2.1 A and AA; serious and critical violations fail the test. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const grave = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(grave, name).toEqual([]);
}

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function signUp(page: Page, url: string, name: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/signup`);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password again').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
}

/** Uncaught errors and content security policy violations (reported as console errors). */
function watchForErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      errors.push(message.text());
    }
  });
}

// Building the app and driving two browsers through the whole scenario takes a while on a busy machine.
describe.skipIf(chromiumMissing && !mustRun)('the portal app in Chromium', { timeout: 240_000 }, () => {
  let browser: Browser | undefined;
  let appFolder: string;
  let buildFolder: string;

  beforeAll(async () => {
    buildFolder = await mkdtemp(join(tmpdir(), 'portal-app-build-'));
    appFolder = await buildApp({ outputFolder: join(buildFolder, 'app') });
    await mkdir(SCREENSHOTS, { recursive: true });
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
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await rm(buildFolder, { recursive: true, force: true });
  });

  async function newContext(): Promise<BrowserContext> {
    if (browser === undefined)
      throw new Error(`CI=true and no Chromium at ${CHROMIUM}: apt-get install chromium`);
    return browser.newContext({
      timezoneId: TIME_ZONE,
      locale: 'en-GB',
      viewport: { width: 1200, height: 900 },
    });
  }

  function startPlatform() {
    const fake = createFakePlatform();
    const app = express();
    app.use(fake.app);
    app.use(createPortalApp({ logger: silentLogger(), version: '0.0.0', appFolder }).app);
    return { fake, app };
  }

  it('signs up, uploads a Clarity file, shows its chart and summary, shares it, and exchanges notes', async () => {
    const { fake, app } = startPlatform();
    await using server = await startTestApp(app);
    fake.setPublicUrl(server.url);
    const errors: string[] = [];
    const sample = claritySample();
    const parsed = parseClarityCsv(sample.text, { timezone: TIME_ZONE });
    const readings = cgmReadings(parsed.data);

    // The patient: welcome page, signup, profile.
    const patientContext = await newContext();
    const patient = await patientContext.newPage();
    watchForErrors(patient, errors);
    await patient.goto(`${server.url}/`);
    await patient.getByRole('heading', { level: 1, name: 'Tidepool platform' }).waitFor();
    await expectAccessible(patient, 'welcome');
    await snap(patient, '01-welcome');
    await patient.goto(`${server.url}/signup`);
    await expectAccessible(patient, 'signup');
    await snap(patient, '02-signup');
    await signUp(patient, server.url, 'Ann Patient', 'ann@example.com', 'correct horse battery');

    await patient.getByLabel('I am a patient').check();
    await patient.getByLabel('Birthday').fill('1990-04-12');
    await patient.getByLabel('Diagnosis date').fill('2001-09-03');
    await patient.getByLabel('Type of diabetes').selectOption('type1');
    await patient.getByRole('button', { name: 'Save' }).click();
    await patient.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    const annId = [...fake.state.accounts.values()][0]!.user.userid;
    expect(fake.state.collection(annId, 'profile')).toEqual({
      fullName: 'Ann Patient',
      patient: { birthday: '1990-04-12', diagnosisDate: '2001-09-03', diagnosisType: 'type1' },
    });
    await expectAccessible(patient, 'profile');
    await snap(patient, '03-profile');

    // Upload the Clarity file, with its report.
    await patient
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Upload', exact: true })
      .click();
    await patient.getByLabel('Device file').setInputFiles({
      name: sample.name,
      mimeType: 'text/csv',
      buffer: Buffer.from(sample.text),
    });
    await patient.getByLabel('Time zone of the device').fill(TIME_ZONE);
    await patient.getByRole('button', { name: 'Upload', exact: true }).click();
    const report = patient.getByTestId('upload-report');
    await report.waitFor({ timeout: 60_000 });
    await expect(
      report.getByText('Stored').locator('xpath=following-sibling::dd').textContent(),
    ).resolves.toBe(`${(parsed.data.length + 1).toLocaleString('en')} records`);
    await expect(report.locator('dd').nth(3).textContent()).resolves.toBe(
      `${parsed.skipped.length.toLocaleString('en')} ${parsed.skipped.length === 1 ? 'line' : 'lines'}`,
    );
    await expectAccessible(patient, 'upload');
    await snap(patient, '04-upload-report');

    // The glucose view: the latest day's readings on the chart, and the summary of the file.
    await patient
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Glucose', exact: true })
      .click();
    const latestDay = dayOf(new Date(Math.max(...readings.map((reading) => reading.time))));
    const onDay = (day: string) =>
      readings.filter(
        (reading) => reading.time >= dayStart(day).getTime() && reading.time < dayEnd(day).getTime(),
      ).length;
    const chart = patient.locator('#day-chart');
    await patient.locator('#day-chart canvas').first().waitFor();
    await expect(chart.getAttribute('aria-label')).resolves.toContain(`${onDay(latestDay)} CGM readings`);
    await patient.getByLabel('Period').selectOption('30');
    const expected = expectedSummary(
      readings,
      dayStart(addDays(latestDay, -29)).getTime(),
      dayEnd(latestDay).getTime(),
    );
    const summary = patient.getByTestId('summary');
    const value = (label: string) => summary.locator('div', { hasText: label }).locator('dd').textContent();
    await expect.poll(() => value('Readings')).toBe(expected.readings);
    await expect(value('Mean glucose')).resolves.toBe(expected.mean);
    await expect(value('Time below range')).resolves.toBe(expected.below);
    await expect(value('Time in range')).resolves.toBe(expected.inRange);
    await expect(value('Time above range')).resolves.toBe(expected.above);
    await expect(value('GMI')).resolves.toBe(expected.gmi);
    await expect(value('Coefficient of variation')).resolves.toBe(expected.cv);
    await expectAccessible(patient, 'glucose');
    await snap(patient, '05-glucose');
    await patient.getByRole('button', { name: 'Previous day' }).click();
    const previousDay = addDays(latestDay, -1);
    await expect
      .poll(() => chart.getAttribute('aria-label'))
      .toContain(onDay(previousDay) === 0 ? 'No CGM readings' : `${onDay(previousDay)} CGM readings`);
    expect(new URL(patient.url()).searchParams.get('day')).toBe(previousDay);

    // Invite the clinician.
    await patient
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Care team', exact: true })
      .click();
    await patient.getByLabel('Their email address').fill('bob@example.com');
    await patient.getByLabel('Write notes').check();
    await patient.getByRole('button', { name: 'Send invitation' }).click();
    await patient.getByRole('button', { name: 'Cancel the invitation to bob@example.com' }).waitFor();
    await expectAccessible(patient, 'care team');
    await snap(patient, '06-care-team-invited');

    // The clinician signs up, confirms the address, accepts, and sees the data.
    const clinicianContext = await newContext();
    const clinician = await clinicianContext.newPage();
    watchForErrors(clinician, errors);
    await signUp(clinician, server.url, 'Bob Clinician', 'bob@example.com', 'another good password');
    const verifyLink = fake.lastMailLink('bob@example.com', 'email-verification');
    expect(verifyLink).toMatch(/\/verify-email\?token=/);
    await clinician.goto(verifyLink!);
    await clinician.getByRole('button', { name: 'Confirm my address' }).click();
    await clinician.getByText('Your email address is confirmed.').waitFor();
    await snap(clinician, '07-email-confirmed');
    await clinician.getByRole('main').getByRole('link', { name: 'care team' }).click();
    await clinician.getByRole('button', { name: 'Accept the invitation from Ann Patient' }).click();
    await clinician.getByRole('button', { name: 'View the data of Ann Patient' }).click();
    await clinician.getByRole('heading', { level: 1, name: 'Glucose of Ann Patient' }).waitFor();
    await clinician.locator('#day-chart canvas').first().waitFor();
    await expect
      .poll(() => clinician.locator('#day-chart').getAttribute('aria-label'))
      .toContain(`${onDay(latestDay)} CGM readings`);
    await expect(clinician.getByLabel('Showing the data of').inputValue()).resolves.toBe(annId);
    await snap(clinician, '08-clinician-glucose');

    // The clinician writes a note; the patient sees it, replies, edits and removes the reply.
    await clinician
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notes', exact: true })
      .click();
    await clinician.getByRole('heading', { level: 1, name: 'Notes on the data of Ann Patient' }).waitFor();
    await clinician.getByLabel('Note', { exact: true }).fill('Lows around 3 am: lower the evening basal?');
    await clinician.getByRole('button', { name: 'Save the note' }).click();
    await clinician.getByText('Lows around 3 am: lower the evening basal?').waitFor();
    await expectAccessible(clinician, 'notes');
    await snap(clinician, '09-clinician-note');

    await patient
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notes', exact: true })
      .click();
    const note = patient.getByRole('article', { name: 'Note by Bob Clinician' });
    await note.getByText('Lows around 3 am: lower the evening basal?').waitFor();
    await patient.getByRole('button', { name: 'Reply' }).click();
    await patient.getByLabel('Your reply').fill('I will try 1 unit less.');
    await patient.getByRole('button', { name: 'Send reply' }).click();
    const reply = patient.getByRole('article', { name: 'Reply by Ann Patient' });
    await reply.getByText('I will try 1 unit less.').waitFor();
    await reply.getByRole('button', { name: 'Edit' }).click();
    await patient.getByLabel('Change the text').fill('I will try 2 units less.');
    await patient.getByRole('button', { name: 'Save', exact: true }).click();
    await reply.getByText('I will try 2 units less.').waitFor();
    // Only the author may edit: the clinician's note offers the patient no Edit button.
    await expect(note.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
    await snap(patient, '10-patient-notes');
    await reply.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => patient.getByRole('article', { name: 'Reply by Ann Patient' }).count()).toBe(0);

    // The patient removes the clinician, who then no longer appears.
    await patient
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Care team', exact: true })
      .click();
    await patient.getByRole('button', { name: 'Remove Bob Clinician' }).click();
    await patient.getByText('Nobody yet.').waitFor();

    await patientContext.close();
    await clinicianContext.close();
    expect(errors).toEqual([]);
  });

  it('shows the problem next to the field, resets a password by the mailed link, and fits a 375 px screen', async () => {
    const { fake, app } = startPlatform();
    await using server = await startTestApp(app);
    fake.setPublicUrl(server.url);
    const errors: string[] = [];
    const context = await newContext();
    const page = await context.newPage();
    watchForErrors(page, errors);
    await page.setViewportSize({ width: 375, height: 812 });

    await signUp(page, server.url, 'Cleo', 'cleo@example.com', 'first password here');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();

    // A taken address: the conflict's title and detail in the alert.
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Email address').fill('cleo@example.com');
    await page.getByLabel('Password', { exact: true }).fill('whatever words');
    await page.getByLabel('Password again').fill('whatever words');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText('That email address belongs to another account.').waitFor();
    // An invalid address: the field's own message, tied to it for screen readers.
    await page.getByLabel('Email address').fill('not-an-address');
    await page.getByRole('button', { name: 'Create account' }).click();
    const email = page.getByLabel('Email address');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`#${describedBy}`).textContent()).resolves.toMatch(/email/i);
    await snap(page, '11-signup-problem-375px');
    await expectAccessible(page, 'signup with problems');

    // Forgot password → mailed link → new password → log in with it.
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email address').fill('cleo@example.com');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('a link to reset its password is on its way').waitFor();
    const resetLink = fake.lastMailLink('cleo@example.com', 'password-reset');
    expect(resetLink).toMatch(/\/reset-password\?token=/);
    await page.goto(resetLink!);
    await page.getByLabel('New password', { exact: true }).fill('second password here');
    await page.getByLabel('New password again').fill('second password here');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('link', { name: 'Log in' }).last().click();
    await page.getByLabel('Email address or username').fill('cleo@example.com');
    await page.getByLabel('Password').fill('first password here');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('Unauthorized').waitFor();
    await page.getByLabel('Password').fill('second password here');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your glucose' }).waitFor();
    await page.getByText('No CGM readings yet.').waitFor();

    // Nothing is wider than the phone's screen.
    for (const path of ['/data', '/care-team', '/profile', '/upload', '/notes']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(375);
    }
    await snap(page, '12-notes-375px');
    await context.close();
    expect(errors).toEqual([]);
  });
});
