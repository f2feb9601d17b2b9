/**
 * Flows against one platform started as `npm start` starts it (issues 5 and 9), so that CI starts
 * it once: the README's start command comes up healthy and routes to every service, the
 * examples of examples/ run with their one command, the portal is driven in Chromium by two
 * people from signup to a shared note, and at the end SIGTERM stops it leaving no process.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseClarityCsv } from '@tidepool/sdk';
import { SERVICES, type Server } from '@tidepool/spec';
import { launchChromium, newPersonContext, skipBrowserTests } from '../../portal/test/browser/chromium.js';
import { expectAccessible, screenshotsIn, watchForErrors } from '../../portal/test/browser/page-checks.js';
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
  type Person,
} from '../../portal/test/browser/portal-steps.js';
import { COMMITTED_SAMPLE } from '../../portal/test/clarity-sample.js';
import {
  cgmReadings,
  dosesOnDay,
  expectedSummaryOfLastDays,
  latestDay,
  pumpBasalFile,
  withPumpFile,
  readingsOnDay,
} from '../../portal/test/expected-glucose.js';
import {
  describeServer,
  groupIsAlive,
  platformIncidents,
  repositoryRoot,
} from '../fixtures/platform-process.js';
import { waitForMailLink } from '../fixtures/platform-mail.js';
import { startPlatform, type RunningPlatform } from '../fixtures/running-platform.js';

/** The browser's zone, and the one the Clarity file's local times are read in. */
const TIME_ZONE = 'Europe/Paris';
// The expected days are computed here with the page's own local-day functions: in the browser's zone.
process.env.TZ = TIME_ZONE;
const SCREENSHOTS = fileURLToPath(new URL('../test-output/screenshots/started-platform/', import.meta.url));

let platform: RunningPlatform;
/** Nothing to stop when the start failed (startPlatform stopped what it had started). */
let stopPlatform = (): Promise<void> => Promise.resolve();

beforeAll(async () => {
  platform = await startPlatform();
  const started = platform;
  stopPlatform = () => started.stop();
}, 200_000);

afterAll(async () => {
  await stopPlatform();
});

// A failure here is often the platform's (a service that missed its heartbeats, say): print its side.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.error(platformIncidents(platform.process.output()));
  });
});

/** Runs `npm start -w <workspace>` with TIDEPOOL_URL set; answers its exit code and output. */
function runExample(workspace: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['start', '--silent', '-w', workspace], {
      cwd: repositoryRoot,
      env: { ...process.env, TIDEPOOL_URL: platform.publicUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      resolve({ code, output });
    });
  });
}

describe('npm start', () => {
  it('comes up healthy, prints the URLs and reaches every service through styx', async () => {
    const output = platform.process.output();
    const port = new URL(platform.publicUrl).port;
    expect(output).toContain(`portal  http://localhost:${port}/`);
    expect(output).toContain(`docs    http://localhost:${port}/docs`);
    expect(output).toContain('generated the server secret and deploy salts');
    expect(statSync(join(platform.dataDirectory, 'secrets.json')).mode & 0o777).toBe(0o600);
    // A first start makes the cluster template once; each service's new database is a copy, not an initdb.
    expect(output).toContain('made the embedded databases’ cluster template');
    expect(output.match(/new embedded database copied from the cluster template/g)).toHaveLength(5);

    const server = await describeServer(platform.agentUrl, platform.secrets().SERVER_SECRET ?? '');
    const names = server.slots.map((slot) => slot.name);
    expect(names).toEqual(expect.arrayContaining(['hakken-1', 'hakken-2', 'styx-1', 'portal-1']));
    expect(server.slots.every((slot) => slot.state === 'RUNNING' && slot.pid !== undefined)).toBe(true);
    expect((await fetch(`${platform.publicUrl}/status`)).status).toBe(200);

    // Every service with a public prefix answers through styx under it.
    const routed = SERVICES.filter((service) => service.prefix !== null);
    expect(routed.length).toBeGreaterThanOrEqual(5);
    for (const service of routed) {
      expect(names, service.name).toContain(`${service.name}-1`);
      const response = await fetch(`${platform.publicUrl}${service.prefix ?? ''}/status`);
      expect(response.status, service.name).toBe(200);
      expect(((await response.json()) as { service: string }).service).toBe(service.name);
    }
    expect((await fetch(`${platform.publicUrl}/`)).status).toBe(200);
  }, 60_000);
});

describe('examples against a started platform', () => {
  it('quickstart signs up, uploads a day of CGM twice (stored once), reads it back and shares it', async () => {
    const { code, output } = await runExample('examples/quickstart');
    expect(output).toMatch(/uploaded 288 readings and their upload record: 289 stored, 0 duplicates/);
    expect(output).toMatch(/sent again: 0 stored, 289 duplicates/);
    expect(output).toMatch(/read back 288 readings; mean \d+ mg\/dL/);
    expect(output).toMatch(/the caregiver sees 288 readings/);
    expect(code, output).toBe(0);
  }, 120_000);

  it('partner-openapi does the same with openapi-fetch and the generated types only', async () => {
    const { code, output } = await runExample('examples/partner-openapi');
    expect(output).toMatch(/uploaded 288, read back 288/);
    expect(output).toMatch(/the caregiver sees 288 readings/);
    expect(code, output).toBe(0);
  }, 120_000);
});

describe.skipIf(skipBrowserTests)('the portal in Chromium against a started platform', () => {
  let browser: Browser | undefined;
  const snap = screenshotsIn(SCREENSHOTS);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Checks and screenshots the page as it is now. */
  async function record(page: Page, name: string): Promise<void> {
    await expectAccessible(page, name);
    await snap(page, name);
  }

  // Two people through every page, on the real services: a busy two-core machine needs minutes.
  it('lets a patient upload the sample, share it by email, and read the note the invited person wrote', async () => {
    const url = platform.publicUrl;
    // Unique addresses, so that a second run against the same platform starts from nobody.
    const run = Date.now().toString(36);
    const ann: Person = {
      name: 'Ann Patient',
      email: `ann-${run}@example.com`,
      password: 'correct horse battery',
    };
    const bob: Person = {
      name: 'Bob Clinician',
      email: `bob-${run}@example.com`,
      password: 'another good password',
    };
    const sample = readFileSync(COMMITTED_SAMPLE, 'utf8');
    const parsed = parseClarityCsv(sample, { timezone: TIME_ZONE });
    const readings = cgmReadings(parsed.data);
    const lastDay = latestDay(readings);
    const errors: string[] = [];

    // The patient: welcome page, signup, profile.
    const patientContext = await newPersonContext(browser, TIME_ZONE);
    const patient = await patientContext.newPage();
    watchForErrors(patient, errors);
    await patient.goto(`${url}/`);
    await patient.getByRole('heading', { level: 1, name: 'Tidepool platform' }).waitFor();
    await record(patient, '01-welcome');
    await patient.goto(`${url}/signup`);
    await record(patient, '02-signup');
    await signUp(patient, url, ann);
    await patient.getByLabel('I am a patient').check();
    await patient.getByLabel('Birthday').fill('1990-04-12');
    await patient.getByLabel('Diagnosis date').fill('2001-09-03');
    await patient.getByLabel('Type of diabetes').selectOption('type1');
    await patient.getByRole('button', { name: 'Save' }).click();
    await patient.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await record(patient, '03-profile');

    // The sample file: every reading and the upload record stored, the patient lines left out.
    const report = await uploadDeviceFile(
      patient,
      { name: 'clarity-two-weeks.csv', text: sample },
      TIME_ZONE,
    );
    await expectUploadReport(report, parsed.data.length + 1, parsed.skipped.length);
    await record(patient, '04-upload-report');

    // The glucose page: the newest day's readings on the chart, its boluses, injections and carbs
    // under it, the whole file in the 30-day summary.
    await openFromMainNavigation(patient, 'Glucose');
    await expectDayChartReadings(patient, readingsOnDay(readings, lastDay));
    await expectDayDoses(patient, dosesOnDay(parsed.data, lastDay));
    await expectSummary(patient, 30, expectedSummaryOfLastDays(readings, 30));

    // A closed loop's pump on that day: basal segments, one running since the evening before
    // (the data service's latest segment before it), count their part of the day; automated
    // boluses count, unlisted.
    const basal = pumpBasalFile(lastDay);
    await expectUploadReport(await uploadDeviceFile(patient, basal.file, TIME_ZONE), basal.data, 0);
    await openFromMainNavigation(patient, 'Glucose');
    await expectDayDoses(patient, withPumpFile(dosesOnDay(parsed.data, lastDay), basal));
    await record(patient, '05-glucose');

    // The invitation, by email.
    await inviteToSeeAndNote(patient, bob.email);
    await record(patient, '06-care-team-invited');

    // The invited person signs up, confirms the address with the mailed link, accepts, and sees the data.
    const clinicianContext = await newPersonContext(browser, TIME_ZONE);
    const clinician = await clinicianContext.newPage();
    watchForErrors(clinician, errors);
    await signUp(clinician, url, bob);
    const mailedLink = new URL(
      await waitForMailLink(platform.dataDirectory, bob.email, 'email-verification'),
    );
    expect(mailedLink.pathname).toBe('/verify-email');
    expect(mailedLink.port).toBe(new URL(url).port);
    // The link names the platform as `localhost`; the test's origin is 127.0.0.1 (the same styx).
    await confirmEmailAddress(clinician, `${url}${mailedLink.pathname}${mailedLink.search}`);
    await record(clinician, '07-email-confirmed');
    await acceptInvitationAndView(clinician, ann.name);
    await expectDayChartReadings(clinician, readingsOnDay(readings, lastDay));
    await record(clinician, '08-clinician-glucose');

    await writeNote(clinician, ann.name, 'Lows around 3 am: lower the evening basal?');
    await record(clinician, '09-clinician-note');

    // The patient sees the note, by its author's name.
    await findNote(patient, bob.name, 'Lows around 3 am: lower the evening basal?');
    await record(patient, '10-patient-notes');

    await patientContext.close();
    await clinicianContext.close();
    expect(errors).toEqual([]);
  }, 400_000);
});

// Last in the file: the platform the tests above used stops on SIGTERM, as Ctrl-C stops it.
describe('npm start, stopped', () => {
  it('stops every slot on SIGTERM, says so, and leaves no process behind', async () => {
    const server: Server = await describeServer(platform.agentUrl, platform.secrets().SERVER_SECRET ?? '');
    const slotGroups = server.slots.flatMap((slot) => (slot.pid === undefined ? [] : [slot.pid]));
    expect(slotGroups.length).toBe(server.slots.length);
    platform.process.signal('SIGTERM');
    await platform.process.waitUntilStopped(60_000);
    expect(platform.process.output()).toContain('Tidepool stopped');
    for (const group of slotGroups) expect(groupIsAlive(group)).toBe(false);
    expect(groupIsAlive(platform.process.child.pid ?? 0)).toBe(false);
  }, 90_000);
});
