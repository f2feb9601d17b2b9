import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Datum, Problem, Summary } from '@tidepool/spec';
import { send, startDataFixture, type DataFixture, type FixtureUser } from '../testing/index.js';

/** The hand-worked readings of glucose-summary.test.ts, in mg/dL, five minutes apart from 08:00. */
const VALUES = [50, 60, 70, 180, 100, 120, 140, 200, 260, 300];
const reading = (type: 'cbg' | 'smbg', value: number, index: number): Datum => ({
  type,
  time: new Date(Date.parse('2024-05-01T08:00:00Z') + index * 300_000).toISOString(),
  deviceId: 'cgm-1',
  uploadId: 'summary',
  units: 'mg/dL',
  value,
});
const RANGE = 'startDate=2024-05-01T00:00:00Z&endDate=2024-05-02T00:00:00Z';

describe.each(databaseBackends())('glucose summary on %s', (backend) => {
  let fixture: DataFixture;
  let patient: FixtureUser;
  beforeAll(async () => {
    fixture = await startDataFixture(backend);
    patient = fixture.addUser();
    const body = [
      ...VALUES.map((value, index) => reading('cbg', value, index)),
      // A meter reading and a CGM reading outside the range: neither counts.
      reading('smbg', 400, 3),
      { ...reading('cbg', 400, 0), time: '2024-05-03T00:00:00Z' },
    ];
    await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
  }, 60_000);
  afterAll(() => fixture.close());

  const summary = (search: string, user = patient) =>
    send(fixture, 'GET', `/summary/${user.userid}?${search}`, { token: user.token });

  it('answers the hand-computed statistics of the CGM readings in the range, in mg/dL', async () => {
    const response = await summary(`${RANGE}&units=mg/dL`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Summary;
    expect(body).toMatchObject({
      startDate: '2024-05-01T00:00:00Z',
      endDate: '2024-05-02T00:00:00Z',
      units: 'mg/dL',
      readings: 10,
      timeVeryLow: 0.1,
      timeBelowRange: 0.2,
      timeInRange: 0.5,
      timeAboveRange: 0.3,
      timeVeryHigh: 0.2,
      thresholds: { veryLow: 54, low: 70, high: 180, veryHigh: 250 },
    });
    expect(body.mean).toBeCloseTo(148, 9);
    expect(body.standardDeviation).toBeCloseTo(Math.sqrt(6596), 9);
    expect(body.coefficientOfVariation).toBeCloseTo(Math.sqrt(6596) / 148, 9);
    expect(body.gmi).toBeCloseTo(6.85016, 9);
  });

  it('answers in mmol/L by default and uses the thresholds of the query', async () => {
    const body = (await (await summary(`${RANGE}&lowThreshold=3.5&highThreshold=8`)).json()) as Summary;
    expect(body.units).toBe('mmol/L');
    expect(body.mean).toBeCloseTo(148 / 18.01559, 9);
    expect(body.thresholds).toEqual({ veryLow: 3, low: 3.5, high: 8, veryHigh: 13.9 });
    // Below 3.5 mmol/L (63.05 mg/dL): 50, 60. Above 8 (144.12): 180, 200, 260, 300.
    expect(body).toMatchObject({ timeBelowRange: 0.2, timeInRange: 0.4, timeAboveRange: 0.4 });
  });

  it('falls back to meter readings when the range has no CGM reading', async () => {
    const user = fixture.addUser();
    await send(fixture, 'POST', `/${user.userid}`, {
      token: user.token,
      body: [reading('smbg', 90, 0), reading('smbg', 270, 1)],
    });
    const body = (await (await summary(`${RANGE}&units=mg/dL`, user)).json()) as Summary;
    expect(body).toMatchObject({ readings: 2, timeInRange: 0.5, timeVeryHigh: 0.5 });
    expect(body.mean).toBeCloseTo(180, 9);
  });

  it('answers 404 for a range without glucose readings', async () => {
    const response = await summary('startDate=2020-01-01T00:00:00Z&endDate=2020-02-01T00:00:00Z');
    expect(response.status).toBe(404);
    expect(((await response.json()) as Problem).code).toBe('NOT_FOUND');
  });

  it('answers 400 problems to thresholds out of order, a reversed range and a missing date', async () => {
    for (const search of [
      `${RANGE}&lowThreshold=12`,
      'startDate=2024-05-02T00:00:00Z&endDate=2024-05-01T00:00:00Z',
      'endDate=2024-05-01T00:00:00Z',
      `${RANGE}&highThreshold=-1`,
    ]) {
      const response = await summary(search);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
