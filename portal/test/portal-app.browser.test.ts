import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import { parseClarityCsv } from '@tidepool/sdk';
import { addDays } from '../app/src/glucose/local-day.js';
import { buildApp } from '../src/app-bundle/build-app.js';
import { createPortalApp } from '../src/create-portal-app.js';
import { launchChromium, newPersonContext, skipBrowserTests } from './browser/chromium.js';
import { expectAccessible, screenshotsIn, watchForErrors } from './browser/page-checks.js';
import {
  acceptInvitationAndView,
  confirmEmailAddress,
  expectDayChartReadings,
  expectDayDoses,
  expectSummary,
  expectUploadReport,
  findNote,
  inviteToSeeAndNote,
  openFromMainNavigation,
  signUp,
  uploadDeviceFile,
  writeNote,
} from './browser/portal-steps.js';
import { claritySample, makeClaritySample } from './clarity-sample.js';
import {
  cgmReadings,
  dosesOnDay,
  expectedSummaryOfLastDays,
  latestDay,
  pumpBasalFile,
  withPumpFile,
  readingsOnDay,
} from './expected-glucose.js';
import { createFakePlatform } from './fake-platform/fake-platform.js';

/** The browser's zone, and the one the Clarity file's local times are read in. */
const TIME_ZONE = 'Europe/Paris';
// The expected days are computed here with the same local-day functions as the page: in the browser's zone.
process.env.TZ = TIME_ZONE;
const SCREENSHOTS = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));
const snap = screenshotsIn(SCREENSHOTS);

// Building the app and driving two browsers through the whole scenario takes a while on a busy machine.
describe.skipIf(skipBrowserTests)('the portal app in Chromium', { timeout: 240_000 }, () => {
  let browser: Browser | undefined;
  let appFolder: string;
  let buildFolder: string;

  beforeAll(async () => {
    buildFolder = await mkdtemp(join(tmpdir(), 'portal-app-build-'));
    appFolder = await buildApp({ outputFolder: join(buildFolder, 'app') });
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await rm(buildFolder, { recursive: true, force: true });
  });

  function newContext(): Promise<BrowserContext> {
    return newPersonContext(browser, TIME_ZONE);
  }

  function startPlatform() {
    const fake = createFakePlatform();
    const app = express();
    app.use(fake.app);
    app.use(createPortalApp({ logger: silentLogger(), version: '0.0.0', appFolder }).app);
    return { fake, app };
  }

  /** The portal on a fake platform, served, and one page of a new browser context watched for errors. */
  async function startPortalPage() {
    const { fake, app } = startPlatform();
    const server = await startTestApp(app);
    fake.setPublicUrl(server.url);
    const errors: string[] = [];
    const context = await newContext();
    const page = await context.newPage();
    watchForErrors(page, errors);
    return {
      fake,
      server,
      context,
      page,
      errors,
      [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
    };
  }

  it('signs up, uploads a Clarity file, shows its chart and summary, shares it, and exchanges notes', async () => {
    const { fake, app } = startPlatform();
    await using server = await startTestApp(app);
    fake.setPublicUrl(server.url);
    const errors: string[] = [];
    const sample = claritySample();
    const parsed = parseClarityCsv(sample.text, { timezone: TIME_ZONE });
    const readings = cgmReadings(parsed.data);
    const lastDay = latestDay(readings);

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
    await signUp(patient, server.url, {
      name: 'Ann Patient',
      email: 'ann@example.com',
      password: 'correct horse battery',
    });

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
    const report = await uploadDeviceFile(patient, sample, TIME_ZONE);
    await expectUploadReport(report, parsed.data.length + 1, parsed.skipped.length);
    const held = await patient.getByTestId('file-contents').textContent();
    expect(held).toMatch(
      new RegExp(
        `^The file held ${readings.length.toLocaleString('en')} CGM readings, .* and 1 upload record\\.$`,
      ),
    );
    await expectAccessible(patient, 'upload');
    await snap(patient, '04-upload-report');

    // The glucose view: the latest day's readings on the chart, and the summary of the file.
    await openFromMainNavigation(patient, 'Glucose');
    await expectDayChartReadings(patient, readingsOnDay(readings, lastDay));
    await expectDayDoses(patient, dosesOnDay(parsed.data, lastDay));
    await expectSummary(patient, 30, expectedSummaryOfLastDays(readings, 30));
    await expectAccessible(patient, 'glucose');
    await snap(patient, '05-glucose');
    await patient.getByRole('button', { name: 'Previous day' }).click();
    const previousDay = addDays(lastDay, -1);
    await expectDayChartReadings(patient, readingsOnDay(readings, previousDay));
    await expectDayDoses(patient, dosesOnDay(parsed.data, previousDay));
    expect(new URL(patient.url()).searchParams.get('day')).toBe(previousDay);

    // A closed loop's pump on the newest day: basal segments, one of them running since the
    // evening before, count their part of the day; automated boluses count, unlisted.
    const basal = pumpBasalFile(lastDay);
    await expectUploadReport(await uploadDeviceFile(patient, basal.file, TIME_ZONE), basal.data, 0);
    await openFromMainNavigation(patient, 'Glucose');
    const withBasal = withPumpFile(dosesOnDay(parsed.data, lastDay), basal);
    await expectDayDoses(patient, withBasal);

    // On a phone: the chart and its marks fit the screen, each mark still at its time.
    await patient.setViewportSize({ width: 375, height: 812 });
    await expectDayDoses(patient, withBasal);
    await expect(patient.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(
      375,
    );
    await snap(patient, '05b-glucose-375px');
    await patient.setViewportSize({ width: 1200, height: 900 });

    // Invite the clinician.
    await inviteToSeeAndNote(patient, 'bob@example.com');
    await expectAccessible(patient, 'care team');
    await snap(patient, '06-care-team-invited');

    // The clinician signs up, confirms the address, accepts, and sees the data.
    const clinicianContext = await newContext();
    const clinician = await clinicianContext.newPage();
    watchForErrors(clinician, errors);
    await signUp(clinician, server.url, {
      name: 'Bob Clinician',
      email: 'bob@example.com',
      password: 'another good password',
    });
    const verifyLink = fake.lastMailLink('bob@example.com', 'email-verification');
    expect(verifyLink).toMatch(/\/verify-email\?token=/);
    await confirmEmailAddress(clinician, verifyLink!);
    await snap(clinician, '07-email-confirmed');
    await acceptInvitationAndView(clinician, 'Ann Patient');
    await expectDayChartReadings(clinician, readingsOnDay(readings, lastDay));
    await expect(clinician.getByLabel('Showing the data of').inputValue()).resolves.toBe(annId);
    await snap(clinician, '08-clinician-glucose');

    // The clinician writes a note; the patient sees it, replies, edits and removes the reply.
    await writeNote(clinician, 'Ann Patient', 'Lows around 3 am: lower the evening basal?');
    await expectAccessible(clinician, 'notes');
    await snap(clinician, '09-clinician-note');

    const note = await findNote(patient, 'Bob Clinician', 'Lows around 3 am: lower the evening basal?');
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
    await openFromMainNavigation(patient, 'Care team');
    await patient.getByRole('button', { name: 'Remove Bob Clinician' }).click();
    await patient.getByText('Nobody yet.').waitFor();

    await patientContext.close();
    await clinicianContext.close();
    expect(errors).toEqual([]);
  });

  it('says how to finish an upload that stopped early, and the same file again stores the rest once', async () => {
    await using portal = await startPortalPage();
    const { fake, server, context, page, errors } = portal;
    const sample = claritySample();
    const parsed = parseClarityCsv(sample.text, { timezone: TIME_ZONE });
    await signUp(page, server.url, { name: 'Dan', email: 'dan@example.com', password: 'dan password here' });
    const danId = [...fake.state.accounts.values()][0]!.user.userid;
    const storedReadings = () => (fake.state.data.get(danId) ?? []).filter((datum) => datum.type === 'cbg');
    const reportValue = (report: Locator, label: string) =>
      report.getByText(label, { exact: true }).locator('xpath=following-sibling::dd').textContent();

    // The first batch is stored, then the data service is out longer than the SDK retries.
    fake.state.uploadOutage = { after: fake.state.uploads + 1, count: 100 };
    const stopped = await uploadDeviceFile(page, sample, TIME_ZONE);
    const alert = page.getByRole('alert');
    await alert.getByText('No instance of data is known.', { exact: false }).waitFor();
    await expect(alert.textContent()).resolves.toContain('Upload the same file again to send the rest');
    const storedFirst = storedReadings().length;
    expect(storedFirst).toBeGreaterThan(0);
    expect(storedFirst).toBeLessThan(cgmReadings(parsed.data).length);
    await expect(reportValue(stopped, 'Stored')).resolves.not.toBe('0 records');
    await snap(page, '13-upload-stopped');
    await expectAccessible(page, 'upload stopped early');

    // Back: the same file again.
    fake.state.uploadOutage = undefined;
    const finished = await uploadDeviceFile(page, sample, TIME_ZONE);
    await expect(reportValue(finished, 'Already there (duplicates)')).resolves.not.toBe('0 records');
    expect(storedReadings()).toHaveLength(cgmReadings(parsed.data).length);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('reads device files in a worker: names what it cannot read, and Cancel stops a long read before any upload', async () => {
    await using portal = await startPortalPage();
    const { fake, server, context, page, errors } = portal;
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await signUp(page, server.url, { name: 'Eve', email: 'eve@example.com', password: 'eve password here' });
    await openFromMainNavigation(page, 'Upload');
    const chooseFile = (name: string, text: string) =>
      page.getByLabel('Device file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    const upload = () => page.getByRole('button', { name: 'Upload', exact: true }).click();
    const timeZone = page.getByLabel('Time zone of the device');

    // A time zone the browser does not know: said beside the field, before any file is read.
    await chooseFile('export.csv', claritySample().text);
    await timeZone.fill('Mars/Olympus');
    await upload();
    await page.locator('#field-timeZone-error').getByText('"Mars/Olympus" is not a time zone').waitFor();
    await expect(timeZone.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'upload with an unknown time zone');
    expect(workers).toEqual([]);

    // A file that is no device export: the parser's reason, found in the bundled worker.
    await chooseFile('shopping.csv', 'eggs,milk\nbread,butter\n');
    await timeZone.fill(TIME_ZONE);
    await upload();
    await page.getByRole('alert').getByText('This file cannot be read').waitFor();
    await expect(page.locator('#field-file-error').textContent()).resolves.toMatch(/clarity/i);
    expect(workers).toHaveLength(1);
    const worker = new URL(workers[0] ?? '');
    expect(worker.origin).toBe(new URL(server.url).origin);
    expect(worker.pathname).toMatch(/^\/assets\/device-file-worker-[\w-]+\.js$/);

    // A year of readings takes seconds to read: Cancel stops it, and nothing is sent.
    await chooseFile('year.csv', makeClaritySample('2023-01-01', 365));
    await upload();
    await page.getByText('Reading the file…').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').getByText('Nothing of the file was uploaded.').waitFor();
    await snap(page, '14-upload-canceled');
    await expectAccessible(page, 'upload canceled while reading');
    expect(fake.state.uploads).toBe(0);
    expect(workers).toHaveLength(2);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('shows the problem next to the field, resets a password by the mailed link, and fits a 375 px screen', async () => {
    await using portal = await startPortalPage();
    const { fake, server, context, page, errors } = portal;
    await page.setViewportSize({ width: 375, height: 812 });

    await signUp(page, server.url, {
      name: 'Cleo',
      email: 'cleo@example.com',
      password: 'first password here',
    });
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

  it('keeps the invitation form where it is while the care team lists load', async () => {
    await using portal = await startPortalPage();
    const { server, context, page, errors } = portal;
    await signUp(page, server.url, {
      name: 'Dora',
      email: 'dora@example.com',
      password: 'dora password here',
    });

    // The lists are held back until the form has been measured.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/access/invitations/sent/**', async (route) => {
      await held;
      await route.continue();
    });
    await openFromMainNavigation(page, 'Care team');
    await page.getByText('Loading…').waitFor();
    const checkbox = page.getByLabel('Write notes');
    const before = await checkbox.boundingBox();
    release();
    await page.getByText('Loading…').waitFor({ state: 'detached' });
    expect(await checkbox.boundingBox()).toEqual(before);
    await context.close();
    expect(errors).toEqual([]);
  });
});
