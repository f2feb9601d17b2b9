import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Datum, StoredDatum, UploadResult } from '@tidepool/spec';
import { cgmReadings, send, startDataFixture, type DataFixture, type FixtureUser } from '../testing/index.js';

describe.each(databaseBackends())('ingest on %s', (backend) => {
  let fixture: DataFixture;
  beforeAll(async () => {
    fixture = await startDataFixture(backend);
  }, 60_000);
  afterAll(() => fixture.close());

  async function upload(user: FixtureUser, body: readonly Datum[]): Promise<UploadResult> {
    const response = await send(fixture, 'POST', `/${user.userid}`, { token: user.token, body });
    expect(response.status).toBe(200);
    return (await response.json()) as UploadResult;
  }

  async function stored(user: FixtureUser, query = ''): Promise<StoredDatum[]> {
    const response = await send(fixture, 'GET', `/${user.userid}${query}`, { token: user.token });
    expect(response.status).toBe(200);
    return (await response.json()) as StoredDatum[];
  }

  it('stores the new data of a request that repeats stored ones, in the same days, and counts the rest', async () => {
    const patient = fixture.addUser();
    const day = cgmReadings({ count: 288, uploadId: 'first', start: '2024-06-01T00:00:00Z' });
    expect(
      await upload(
        patient,
        day.filter((_, index) => index % 2 === 0),
      ),
    ).toMatchObject({
      stored: 144,
      duplicates: 0,
    });
    expect(await upload(patient, day)).toMatchObject({ stored: 144, duplicates: 144 });
    const data = await stored(patient);
    expect(data.map((datum) => datum.time)).toEqual(day.map((datum) => new Date(datum.time).toISOString()));
  });

  it('stores two identical uploads sent at once a single time, the other counted as duplicates', async () => {
    const patient = fixture.addUser();
    const readings = cgmReadings({ count: 600, uploadId: 'racing', start: '2024-07-01T00:00:00Z' });
    const results = await Promise.all([upload(patient, readings), upload(patient, readings)]);
    expect(results.map((result) => result.stored).reduce((sum, count) => sum + count)).toBe(600);
    expect(results.map((result) => result.duplicates).reduce((sum, count) => sum + count)).toBe(600);
    expect(await stored(patient)).toHaveLength(600);
  });

  it('keeps subTypes and identifying fields holding quotes, backslashes and braces as they were sent', async () => {
    const patient = fixture.addUser();
    const awkward = 'a "quoted", {braced} \\ back\\slashed NULL note';
    const body: Datum[] = [
      {
        type: 'bolus',
        subType: 'dual/square',
        time: '2024-08-01T12:00:00Z',
        deviceId: 'pump "one"',
        uploadId: 'awkward',
        normal: 2,
        extended: 1,
        duration: 3_600_000,
        notes: [awkward],
      },
      {
        type: 'smbg',
        subType: 'manual',
        time: '2024-08-01T12:05:00.5+02:00',
        deviceId: 'meter\\1',
        uploadId: 'awkward',
        units: 'mmol/L',
        value: 6.1,
      },
      ...cgmReadings({ count: 2, uploadId: 'awkward', start: '2024-08-01T11:00:00Z' }),
    ];
    expect(await upload(patient, body)).toMatchObject({ stored: 4, duplicates: 0 });
    const data = await stored(patient);
    expect(
      data.map((datum) => [datum.type, 'subType' in datum ? datum.subType : undefined, datum.time]),
    ).toEqual(
      [
        ['cbg', undefined, '2024-08-01T11:00:00.000Z'],
        ['smbg', 'manual', '2024-08-01T10:05:00.500Z'],
        ['cbg', undefined, '2024-08-01T11:05:00.000Z'],
        ['bolus', 'dual/square', '2024-08-01T12:00:00.000Z'],
      ].sort((left, right) => (left[2] ?? '').localeCompare(right[2] ?? '')),
    );
    expect(data.find((datum) => datum.type === 'bolus')).toMatchObject({
      deviceId: 'pump "one"',
      notes: [awkward],
    });
    expect(data.find((datum) => datum.type === 'smbg')).toMatchObject({ deviceId: 'meter\\1', value: 6.1 });
    expect(await upload(patient, body)).toMatchObject({ stored: 0, duplicates: 4 });
  });
});
