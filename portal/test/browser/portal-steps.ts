/** The portal's pages driven as a person uses them: the steps both browser scenarios share (fake and real platform). */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { formatGrams, formatUnits } from '../../app/src/glucose/day-doses.js';
import type { ExpectedDoses, ExpectedSummary } from '../expected-glucose.js';

/** Someone who signs up in a scenario. */
export interface Person {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** Signs up on `/signup` and waits for the profile page that follows. */
export async function signUp(page: Page, url: string, person: Person): Promise<void> {
  await page.goto(`${url}/signup`);
  await page.getByLabel('Full name').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('Password again').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
}

/** How long a check waits for a page's data to load, as Playwright's own waits do by default. */
const PAGE_LOAD = 30_000;

/** Follows a link of the header's main navigation ("Upload", "Glucose", "Care team", "Notes", …). */
export async function openFromMainNavigation(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

/** Uploads a device file from the upload page; answers the report once it is shown. */
export async function uploadDeviceFile(
  page: Page,
  file: { name: string; text: string },
  timeZone: string,
): Promise<Locator> {
  await openFromMainNavigation(page, 'Upload');
  await page.getByLabel('Device file').setInputFiles({
    name: file.name,
    mimeType: 'text/csv',
    buffer: Buffer.from(file.text),
  });
  await page.getByLabel('Time zone of the device').fill(timeZone);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const report = page.getByTestId('upload-report');
  // A two-week file is a few batches; on a busy machine each takes seconds.
  await report.waitFor({ timeout: 120_000 });
  return report;
}

/**
 * The upload report says `stored` records were stored and `skipped` lines of the file were left
 * out. On a mismatch the failure quotes the report and the page's problem (an upload that stopped
 * early says why there).
 */
export async function expectUploadReport(report: Locator, stored: number, skipped: number): Promise<void> {
  const shown = await report
    .getByText('Stored', { exact: true })
    .locator('xpath=following-sibling::dd')
    .textContent();
  const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
  const problems = (await report.page().getByRole('alert').allTextContents()).map(words);
  expect(
    shown,
    `the upload report: ${words(await report.textContent())}; problems: ${problems.join(' | ') || 'none'}`,
  ).toBe(`${stored.toLocaleString('en')} records`);
  await expect(
    report
      .getByText('Lines of the file skipped', { exact: true })
      .locator('xpath=following-sibling::dd')
      .textContent(),
  ).resolves.toBe(`${skipped.toLocaleString('en')} ${skipped === 1 ? 'line' : 'lines'}`);
}

/** Waits until the day chart is drawn and says it shows `count` CGM readings. */
export async function expectDayChartReadings(page: Page, count: number): Promise<void> {
  await page.locator('#day-chart canvas').first().waitFor();
  await expect
    .poll(() => page.locator('#day-chart').getAttribute('aria-label'))
    .toContain(count === 0 ? 'No CGM readings' : `${count} CGM readings`);
}

/**
 * Waits until the day's list of boluses, injections and carbs has `expected.lines` rows and says
 * the expected totals (written by the page's unit-tested formatting of numbers): the whole day's
 * insulin with its basal part when a pump's basal covers some of the day.
 */
export async function expectDayDoses(page: Page, expected: ExpectedDoses): Promise<void> {
  const section = page.getByRole('region', { name: 'Insulin and carbs' });
  const carbs = `Carbs: ${formatGrams(expected.carbGrams)}.`;
  const basal = expected.basalUnits;
  const automated =
    expected.automated === undefined
      ? ''
      : ` Of the boluses, ${formatUnits(expected.automated.units)} came in ${expected.automated.count} automated boluses, not listed one by one.`;
  const totals =
    basal === undefined
      ? `Insulin from boluses and injections: ${formatUnits(expected.insulinUnits)}. ${carbs}${automated}`
      : `Insulin: ${formatUnits(basal + expected.insulinUnits)} (basal ${formatUnits(basal)}, boluses and injections ${formatUnits(expected.insulinUnits)}). ${carbs}${automated}`;
  // The day loads after the navigation: on a busy machine, seconds (vitest's poll waits 1 s by default).
  await expect.poll(() => section.locator('p').first().textContent(), { timeout: PAGE_LOAD }).toBe(totals);
  await expect.poll(() => section.getByRole('row').count(), { timeout: PAGE_LOAD }).toBe(expected.lines + 1);
  await expectDoseMarks(page, expected);
}

/**
 * The chart marks each line of the list over the plot, carbs on their own row, each at its time
 * (give or take half its width: a mark near midnight is kept whole inside the plot).
 */
async function expectDoseMarks(page: Page, expected: ExpectedDoses): Promise<void> {
  const marks = page.locator('#day-chart .chart-mark');
  await expect.poll(() => marks.count(), { timeout: PAGE_LOAD }).toBe(expected.lines);
  await expect(page.locator('#day-chart .chart-mark-carbs').count()).resolves.toBe(expected.carbLines);
  const plot = await page.locator('#day-chart .u-over').boundingBox();
  if (plot === null) throw new Error('The chart has no plot area.');
  const boxes = await marks.evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect();
      return { centre: box.left + box.width / 2, half: box.width / 2 };
    }),
  );
  boxes.forEach(({ centre, half }, index) => {
    const at = plot.x + plot.width * (expected.dayFractions[index] ?? Number.NaN);
    expect(Math.abs(centre - at)).toBeLessThanOrEqual(half + 1);
  });
}

/** Chooses the summary's period and waits until every row equals `expected`. */
export async function expectSummary(page: Page, periodDays: 14 | 30 | 90, expected: ExpectedSummary) {
  await page.getByLabel('Period').selectOption(String(periodDays));
  const summary = page.getByTestId('summary');
  const value = (label: string) => summary.locator('div', { hasText: label }).locator('dd').textContent();
  await expect.poll(() => value('Readings'), { timeout: PAGE_LOAD }).toBe(expected.readings);
  await expect(value('Mean glucose')).resolves.toBe(expected.mean);
  await expect(value('Time below range')).resolves.toBe(expected.below);
  await expect(value('Time in range')).resolves.toBe(expected.inRange);
  await expect(value('Time above range')).resolves.toBe(expected.above);
  await expect(value('GMI')).resolves.toBe(expected.gmi);
  await expect(value('Coefficient of variation')).resolves.toBe(expected.cv);
}

/** Invites `email` from the care team page with "See the data and notes" and "Write notes". */
export async function inviteToSeeAndNote(page: Page, email: string): Promise<void> {
  await openFromMainNavigation(page, 'Care team');
  await page.getByLabel('Their email address').fill(email);
  await page.getByLabel('Write notes').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByRole('button', { name: `Cancel the invitation to ${email}` }).waitFor();
}

/** Opens the mailed verification link and confirms the address. */
export async function confirmEmailAddress(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.getByText('Your email address is confirmed.').waitFor();
}

/** From the confirmation page: accepts the invitation of `sharer` and switches to their glucose. */
export async function acceptInvitationAndView(page: Page, sharer: string): Promise<void> {
  await page.getByRole('main').getByRole('link', { name: 'care team' }).click();
  await page.getByRole('button', { name: `Accept the invitation from ${sharer}` }).click();
  await page.getByRole('button', { name: `View the data of ${sharer}` }).click();
  await page.getByRole('heading', { level: 1, name: `Glucose of ${sharer}` }).waitFor();
}

/** Writes a note on the shown person's data (`owner`) and waits until it is listed. */
export async function writeNote(page: Page, owner: string, text: string): Promise<void> {
  await openFromMainNavigation(page, 'Notes');
  await page.getByRole('heading', { level: 1, name: `Notes on the data of ${owner}` }).waitFor();
  await page.getByLabel('Note', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Save the note' }).click();
  await page.getByText(text).waitFor();
}

/** Opens the notes page of one's own data and answers the note by `author` once it shows `text`. */
export async function findNote(page: Page, author: string, text: string): Promise<Locator> {
  await openFromMainNavigation(page, 'Notes');
  const note = page.getByRole('article', { name: `Note by ${author}` });
  await note.getByText(text).waitFor();
  return note;
}
