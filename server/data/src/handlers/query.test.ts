import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import { StoredDatumSchema, type Datum, type Problem, type StoredDatum } from '@tidepool/spec';
import { READINGS_PURPOSE } from '../app.js';
import { resultRows } from '../db/result-rows.js';
import { data as dataTable, readingBlocks } from '../db/schema.js';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import { userDataKeys } from '../keys/user-data-keys.js';
import { readingsAssociatedData } from '../store/datum-codec.js';
import { blockAssociatedData, blockEntryKey, newBlockId } from '../store/reading-blocks.js';
import {
  cgmReadings,
  send,
  startDataFixture,
  uploadRecord,
  type DataFixture,
  type FixtureUser,
} from '../testing/index.js';

const common = { deviceId: 'pump-7', uploadId: 'pump-upload' };
/** A day of mixed data from a pump, plus CGM readings of two uploads from another device. */
const MIXED: Datum[] = [
  uploadRecord('pump-upload', 'pump-7', '2024-05-01T00:00:00Z'),
  {
    ...common,
    type: 'basal',
    time: '2024-05-01T01:00:00Z',
    deliveryType: 'scheduled',
    duration: 3_600_000,
    rate: 0.8,
  },
  { ...common, type: 'bolus', time: '2024-05-01T07:00:00Z', subType: 'normal', normal: 4.5 },
  {
    ...common,
    type: 'bolus',
    time: '2024-05-01T12:00:00Z',
    subType: 'square',
    extended: 3,
    duration: 7_200_000,
  },
  {
    ...common,
    type: 'food',
    time: '2024-05-01T12:01:00Z',
    nutrition: { carbohydrate: { net: 60, units: 'grams' } },
    name: 'Lunch at home',
  },
  {
    ...common,
    type: 'smbg',
    time: '2024-05-01T06:59:00Z',
    units: 'mmol/L',
    value: 7.1,
    subType: 'manual',
    notes: ['before breakfast'],
  },
  { ...common, type: 'deviceEvent', time: '2024-05-01T09:00:00Z', subType: 'reservoirChange' },
  ...cgmReadings({ count: 6, uploadId: 'cgm-a', deviceId: 'cgm-1', start: '2024-05-01T00:00:00Z' }),
  ...cgmReadings({ count: 6, uploadId: 'cgm-b', deviceId: 'cgm-1', start: '2024-05-02T00:00:00Z' }),
];

describe.each(databaseBackends())('querying data on %s', (backend) => {
  let fixture: DataFixture;
  let patient: FixtureUser;
  beforeAll(async () => {
    fixture = await startDataFixture(backend, { env: { QUERY_PAGE_SIZE: '1000' } });
    patient = fixture.addUser();
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: MIXED });
    if (response.status !== 200) throw new Error(`upload answered ${response.status}`);
  }, 60_000);
  afterAll(() => fixture.close());

  const query = async (search: string, user = patient) => {
    const response = await send(fixture, 'GET', `/${user.userid}${search}`, { token: user.token });
    expect(response.status).toBe(200);
    return (await response.json()) as StoredDatum[];
  };
  const times = (data: readonly StoredDatum[]) => data.map((datum) => datum.time);
  const answerText = async (search: string, user = patient) => {
    const response = await send(fixture, 'GET', `/${user.userid}${search}`, { token: user.token });
    expect(response.status).toBe(200);
    return await response.text();
  };

  it('answers every datum sorted by time, each as the contract describes it', async () => {
    const data = await query('');
    expect(data).toHaveLength(MIXED.length);
    expect(times(data)).toEqual([...times(data)].sort());
    for (const datum of data) expect(StoredDatumSchema.safeParse(datum).success).toBe(true);
    expect(data.find((datum) => datum.type === 'food')).toMatchObject({
      name: 'Lunch at home',
      deviceId: 'pump-7',
    });
    expect(data.find((datum) => datum.type === 'smbg')).toMatchObject({
      notes: ['before breakfast'],
      subType: 'manual',
    });
  });

  it('lays the answer out one datum per line, on every path that writes it', async () => {
    // Blocks written from their plaintext (CGM), groups of overlapping blocks (the pump's day),
    // latest=true, and no data at all.
    for (const [search, count] of [
      ['?type=cbg', 12],
      ['', MIXED.length],
      ['?latest=true', 7],
      ['?deviceId=no-such-device', 0],
    ] as const) {
      expectOneDatumPerLine(await answerText(search), count);
    }
  });

  it('filters by type and subType', async () => {
    expect((await query('?type=bolus,food')).map((datum) => datum.type)).toEqual(['bolus', 'bolus', 'food']);
    const squares = await query('?type=bolus&subType=square');
    expect(squares).toHaveLength(1);
    expect(squares[0]).toMatchObject({ subType: 'square', extended: 3 });
  });

  it('filters by a time range, both ends included', async () => {
    const data = await query('?startDate=2024-05-01T07:00:00Z&endDate=2024-05-01T12:00:00Z');
    expect(data.map((datum) => `${datum.type}@${datum.time}`)).toEqual([
      'bolus@2024-05-01T07:00:00.000Z',
      'deviceEvent@2024-05-01T09:00:00.000Z',
      'bolus@2024-05-01T12:00:00.000Z',
    ]);
  });

  it('filters by deviceId and by uploadId', async () => {
    const pump = await query('?deviceId=pump-7');
    expect(pump).toHaveLength(7);
    expect(new Set(pump.map((datum) => datum.deviceId))).toEqual(new Set(['pump-7']));
    const cgmB = await query('?uploadId=cgm-b');
    expect(cgmB).toHaveLength(6);
    expect(new Set(cgmB.map((datum) => datum.uploadId))).toEqual(new Set(['cgm-b']));
    expect(await query('?deviceId=cgm-1&uploadId=cgm-a&type=cbg')).toHaveLength(6);
    expect(await query('?deviceId=no-such-device')).toEqual([]);
  });

  it('answers the newest datum of each type with latest=true', async () => {
    const latest = await query('?latest=true');
    const byType = Object.fromEntries(latest.map((datum) => [datum.type, datum.time]));
    expect(byType).toEqual({
      upload: '2024-05-01T00:00:00.000Z',
      basal: '2024-05-01T01:00:00.000Z',
      bolus: '2024-05-01T12:00:00.000Z',
      food: '2024-05-01T12:01:00.000Z',
      smbg: '2024-05-01T06:59:00.000Z',
      deviceEvent: '2024-05-01T09:00:00.000Z',
      cbg: '2024-05-02T00:25:00.000Z',
    });
    expect(times(latest)).toEqual([...times(latest)].sort());
    expect(await query('?latest=true&type=cbg&uploadId=cgm-a')).toEqual([
      expect.objectContaining({ time: '2024-05-01T00:25:00.000Z', uploadId: 'cgm-a' }),
    ]);
  });

  it('answers latest=true from blocks of plain readings, however many newer blocks do not match', async () => {
    const user = fixture.addUser();
    const bolus = (day: number, subType: 'normal' | 'square', hour: number): Datum => ({
      deviceId: 'pump-9',
      uploadId: 'boluses',
      type: 'bolus',
      time: `2033-02-0${String(day)}T${String(hour).padStart(2, '0')}:00:00.000Z`,
      ...(subType === 'normal'
        ? { subType, normal: hour }
        : { subType, extended: hour, duration: 3_600_000 }),
    });
    // A block a day: squares on the first, normals on the four after it.
    const body = [1, 2, 3, 4, 5].flatMap((day) =>
      [8, 12, 18].map((hour) => bolus(day, day === 1 ? 'square' : 'normal', hour)),
    );
    expect((await send(fixture, 'POST', `/${user.userid}`, { token: user.token, body })).status).toBe(200);
    const latest = async (search: string) =>
      (await query(`?latest=true&type=bolus${search}`, user)).map((datum) => datum.time);
    expect(await latest('')).toEqual(['2033-02-05T18:00:00.000Z']);
    expect(await latest('&subType=square')).toEqual(['2033-02-01T18:00:00.000Z']);
    expect(await latest('&endDate=2033-02-03T13:00:00Z')).toEqual(['2033-02-03T12:00:00.000Z']);
    // The block of the 4th passes the range by its span, but no entry of it falls within.
    expect(await latest('&startDate=2033-02-04T09:00:00Z&endDate=2033-02-04T11:00:00Z')).toEqual([]);
    expect(await latest('&subType=square&startDate=2033-02-02T00:00:00Z')).toEqual([]);
  });

  it('answers an empty array to a user without data, and 400 to unknown types and bad dates', async () => {
    const other = fixture.addUser();
    expect(await query('', other)).toEqual([]);
    for (const search of ['?type=cgm', '?startDate=yesterday', '?latest=maybe']) {
      const response = await send(fixture, 'GET', `/${patient.userid}${search}`, { token: patient.token });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).code).toBe('VALIDATION_FAILED');
    }
  });

  it('streams a large result whole and in order, across many pages', async () => {
    const user = fixture.addUser();
    const readings = cgmReadings({ count: 30_000, uploadId: 'year', start: '2023-01-01T00:00:00Z' });
    for (let start = 0; start < readings.length; start += 10_000) {
      const response = await send(fixture, 'POST', `/${user.userid}`, {
        token: user.token,
        body: readings.slice(start, start + 10_000),
      });
      expect(response.status).toBe(200);
    }
    const response = await send(fixture, 'GET', `/${user.userid}?type=cbg`, { token: user.token });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const data = (await response.json()) as StoredDatum[];
    expect(data).toHaveLength(30_000);
    expect(times(data)).toEqual(readings.map((reading) => new Date(reading.time).toISOString()));
    expect(new Set(data.map((datum) => datum.id)).size).toBe(30_000);
  }, 120_000);

  it('answers lone blocks with identified data or entries out of order through the general path, in order', async () => {
    const user = fixture.addUser();
    const meter = (time: string, value: number, notes: string[]): Datum => ({
      type: 'smbg',
      time,
      units: 'mmol/L',
      value,
      deviceId: 'meter-2',
      uploadId: 'meter-upload',
      notes,
    });
    const uploaded = await send(fixture, 'POST', `/${user.userid}`, {
      token: user.token,
      body: [
        meter('2032-01-01T08:00:00Z', 6.1, ['fasting']),
        meter('2032-01-01T20:00:00Z', 7.4, ['after dinner']),
        ...cgmReadings({
          count: 2,
          uploadId: 'meter-upload',
          deviceId: 'meter-2',
          start: '2032-01-02T00:00:00Z',
        }),
      ],
    });
    expect(uploaded.status).toBe(200);
    // A format-2 block of the same source on the next day whose entries are not in time order.
    const db = fixture.database.db;
    const keys = userDataKeys(
      fixture.config.DATA_SALT_DEPLOY,
      await fixture.pairs.pairOf(user.userid, 'data'),
    );
    const storageName = keys.current.storageName;
    const [source] = resultRows<{ id: number; sourceKey: string }>(
      await db.execute(sql`select id::float8 as "id", source_key as "sourceKey" from sources
        where storage_name = ${storageName}`),
    );
    const entry = (id: string, time: string, value: number) =>
      `${blockEntryKey({ id, type: 'cbg', subType: null, time })}\t{"units":"mmol/L","value":${String(value)}}`;
    const blockId = newBlockId();
    const text = [
      entry('d'.repeat(64), '2032-01-03T12:00:00.000Z', 9.5),
      entry('c'.repeat(64), '2032-01-03T06:00:00.000Z', 4.5),
    ].join('\n');
    const cipher = createCachedSystemCipher(fixture.config.DATA_SALT_DEPLOY, READINGS_PURPOSE);
    await db.insert(readingBlocks).values({
      storageName,
      id: blockId,
      sourceId: source?.id ?? 0,
      keyVersion: keys.current.version,
      readings: cipher.seal(Buffer.from(text), blockAssociatedData(storageName, blockId, source?.sourceKey)),
      format: 2,
      type: 'cbg',
      firstTime: new Date('2032-01-03T06:00:00.000Z'),
      lastTime: new Date('2032-01-03T12:00:00.000Z'),
    });
    const data = await query('?startDate=2032-01-01T00:00:00Z', user);
    expect(data.map((datum) => [datum.type, datum.time, 'value' in datum ? datum.value : undefined])).toEqual(
      [
        ['smbg', '2032-01-01T08:00:00.000Z', 6.1],
        ['smbg', '2032-01-01T20:00:00.000Z', 7.4],
        ['cbg', '2032-01-02T00:00:00.000Z', expect.any(Number)],
        ['cbg', '2032-01-02T00:05:00.000Z', expect.any(Number)],
        ['cbg', '2032-01-03T06:00:00.000Z', 4.5],
        ['cbg', '2032-01-03T12:00:00.000Z', 9.5],
      ],
    );
    expect(data.slice(0, 2).map((datum) => ('notes' in datum ? datum.notes : undefined))).toEqual([
      ['fasting'],
      ['after dinner'],
    ]);
    expect(new Set(data.map((datum) => datum.uploadId))).toEqual(new Set(['meter-upload']));
    for (const datum of data) expect(StoredDatumSchema.safeParse(datum).success).toBe(true);
    const late = await query('?type=cbg&startDate=2032-01-03T07:00:00Z', user);
    expect(late.map((datum) => datum.time)).toEqual(['2032-01-03T12:00:00.000Z']);
  });

  it('refuses a tampered envelope with a clear problem, and a row moved to another time', async () => {
    const user = fixture.addUser();
    const noted: Datum = {
      type: 'smbg',
      time: '2030-01-03T00:20:00.000Z',
      units: 'mmol/L',
      value: 6.2,
      deviceId: 'DexG6_SN4X72Q9',
      uploadId: 'tamper',
      notes: ['before breakfast'],
    };
    await send(fixture, 'POST', `/${user.userid}`, {
      token: user.token,
      body: [...cgmReadings({ count: 3, uploadId: 'tamper', start: '2030-01-01T00:00:00Z' }), noted],
    });
    const db = fixture.database.db;
    const keys = userDataKeys(
      fixture.config.DATA_SALT_DEPLOY,
      await fixture.pairs.pairOf(user.userid, 'data'),
    );
    const [cgmBlock] = resultRows<{ id: string }>(
      await db.execute(sql`select id from reading_blocks
        where storage_name = ${keys.current.storageName} and type = 'cbg'`),
    );
    const blockId = cgmBlock?.id ?? '';
    // Flip one byte of the ciphertext of the readings' block.
    const flip = sql`update reading_blocks set readings = set_byte(readings, 20, get_byte(readings, 20) # 1)
      where id = ${blockId}`;
    await db.execute(flip);
    const response = await send(fixture, 'GET', `/${user.userid}`, { token: user.token });
    expect(response.status).toBe(500);
    const problem = (await response.json()) as Problem;
    expect(problem.detail).toMatch(/integrity check/);
    // latest=true opens the newest block of each type too.
    expect((await send(fixture, 'GET', `/${user.userid}?latest=true`, { token: user.token })).status).toBe(
      500,
    );
    // Undo the flip, then move the block's clear span: its entries no longer fall in it.
    await db.execute(flip);
    expect((await send(fixture, 'GET', `/${user.userid}`, { token: user.token })).status).toBe(200);
    const shift = (interval: string) =>
      db.execute(sql`update reading_blocks set first_time = first_time + ${interval}::interval,
        last_time = last_time + ${interval}::interval where id = ${blockId}`);
    await shift('1 day');
    expect((await send(fixture, 'GET', `/${user.userid}`, { token: user.token })).status).toBe(500);
    const summary = await send(
      fixture,
      'GET',
      `/summary/${user.userid}?startDate=2029-12-01T00:00:00Z&endDate=2030-02-03T00:00:00Z`,
      { token: user.token },
    );
    expect(summary.status).toBe(500);
    await shift('-1 day');
    expect((await send(fixture, 'GET', `/${user.userid}?latest=true`, { token: user.token })).status).toBe(
      200,
    );
    // A row (a datum with identifying fields) moved in time no longer matches the entry it
    // points at (latest=true reads rows).
    await db.execute(sql`update data set time = time + interval '1 day'
      where storage_name = ${keys.current.storageName} and type = 'smbg'`);
    const latest = await send(fixture, 'GET', `/${user.userid}?latest=true`, { token: user.token });
    expect(latest.status).toBe(500);
  });

  it('refuses a block pointed at another source of the user', async () => {
    const user = fixture.addUser();
    for (const [uploadId, start] of [
      ['first', '2030-03-01T00:00:00Z'],
      ['second', '2030-03-02T00:00:00Z'],
    ] as const) {
      await send(fixture, 'POST', `/${user.userid}`, {
        token: user.token,
        body: cgmReadings({ count: 2, uploadId, start }),
      });
    }
    expect(await query('', user)).toHaveLength(4);
    const db = fixture.database.db;
    const keys = userDataKeys(
      fixture.config.DATA_SALT_DEPLOY,
      await fixture.pairs.pairOf(user.userid, 'data'),
    );
    await db.execute(sql`update reading_blocks set source_id = (select max(source_id) from reading_blocks
      where storage_name = ${keys.current.storageName}) where storage_name = ${keys.current.storageName}`);
    const response = await send(fixture, 'GET', `/${user.userid}`, { token: user.token });
    expect(response.status).toBe(500);
    expect(((await response.json()) as Problem).detail).toMatch(/integrity check/);
  });

  it('reads data stored before time-indexed blocks, in order among the new, each bound to its clear columns', async () => {
    const user = fixture.addUser();
    await send(fixture, 'POST', `/${user.userid}`, {
      token: user.token,
      body: cgmReadings({ count: 1, uploadId: 'legacy', start: '2031-01-01T00:00:00Z' }),
    });
    const db = fixture.database.db;
    const keys = userDataKeys(
      fixture.config.DATA_SALT_DEPLOY,
      await fixture.pairs.pairOf(user.userid, 'data'),
    );
    const storageName = keys.current.storageName;
    const [source] = await db
      .select({ sourceId: readingBlocks.sourceId })
      .from(readingBlocks)
      .where(sql`storage_name = ${storageName}`);
    const legacy = {
      storageName,
      id: 'f'.repeat(64),
      type: 'cbg',
      subType: null,
      time: '2031-01-02T00:00:00.000Z',
    };
    const cipher = createCachedSystemCipher(fixture.config.DATA_SALT_DEPLOY, READINGS_PURPOSE);
    await db.insert(dataTable).values({
      ...legacy,
      time: new Date(legacy.time),
      sourceId: source?.sourceId ?? 0,
      keyVersion: keys.current.version,
      readings: cipher.sealJson({ units: 'mmol/L', value: 5.5 }, readingsAssociatedData(legacy)),
      legacy: true,
    });
    // A datum of a block of format 1 (migration 0001): the block is reached through its row.
    const inBlock = { ...legacy, id: 'e'.repeat(64), time: '2031-01-01T12:00:00.000Z' };
    const blockId = newBlockId();
    const line = `${blockEntryKey(inBlock)}\t{"units":"mmol/L","value":6.5}`;
    await db.insert(readingBlocks).values({
      storageName,
      id: blockId,
      sourceId: source?.sourceId ?? 0,
      keyVersion: keys.current.version,
      readings: cipher.seal(Buffer.from(line), blockAssociatedData(storageName, blockId, undefined)),
    });
    await db.insert(dataTable).values({
      ...inBlock,
      time: new Date(inBlock.time),
      sourceId: source?.sourceId ?? 0,
      keyVersion: keys.current.version,
      blockId,
      blockIndex: 0,
      legacy: true,
    });
    const all = await query('?startDate=2031-01-01T00:00:00Z', user);
    expect(all.map((datum) => [datum.time, 'value' in datum ? datum.value : undefined])).toEqual([
      ['2031-01-01T00:00:00.000Z', expect.any(Number)],
      [inBlock.time, 6.5],
      [legacy.time, 5.5],
    ]);
    expectOneDatumPerLine(await answerText('?startDate=2031-01-01T00:00:00Z', user), 3);
    const read = await query('?startDate=2031-01-02T00:00:00Z', user);
    expect(read).toEqual([
      expect.objectContaining({ id: legacy.id, time: legacy.time, value: 5.5, uploadId: 'legacy' }),
    ]);
    await db.execute(sql`update data set time = time + interval '1 day' where id = ${legacy.id}`);
    const moved = await send(fixture, 'GET', `/${user.userid}?startDate=2031-01-02T00:00:00Z`, {
      token: user.token,
    });
    expect(moved.status).toBe(500);
  });
});

/**
 * The answer's layout (DESIGN.md §9 as the data service writes it): `[`, one datum a line, each
 * but the last followed by a comma, `]`; `[]` when there is none.
 */
function expectOneDatumPerLine(text: string, count: number): void {
  if (count === 0) {
    expect(text).toBe('[]');
    return;
  }
  const lines = text.split('\n');
  expect(lines).toHaveLength(count + 2);
  expect([lines[0], lines.at(-1)]).toEqual(['[', ']']);
  lines.slice(1, -1).forEach((line, index) => {
    const last = index === count - 1;
    expect(line.endsWith('},') || (last && line.endsWith('}'))).toBe(true);
    expect(JSON.parse(last ? line : line.slice(0, -1))).toHaveProperty('time');
  });
}
