import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Datum, StoredDatum, UploadResult } from '@tidepool/spec';
import { resultRows } from '../db/result-rows.js';
import { data as dataTable } from '../db/schema.js';
import { userDataKeys } from '../keys/user-data-keys.js';
import { cgmReadings, send, startDataFixture, type DataFixture, type FixtureUser } from '../testing/index.js';
import { READINGS_PURPOSE } from '../app.js';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import { DATA_PER_TURN } from './in-turns.js';
import { ingestData } from './ingest.js';
import { ROWLESS_FORMAT, TIME_INDEXED_FORMAT } from './reading-blocks.js';

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

  async function blocksOf(user: FixtureUser) {
    const keys = userDataKeys(
      fixture.config.DATA_SALT_DEPLOY,
      await fixture.pairs.pairOf(user.userid, 'data'),
    );
    const rows = resultRows<{
      id: string;
      type: string;
      format: number;
      sourceId: number;
      entryCount: number | null;
      entryIds: Uint8Array | null;
    }>(
      await fixture.database.db.execute(sql`select id, type, format, source_id::float8 as "sourceId",
        entry_count as "entryCount", entry_ids as "entryIds" from reading_blocks
        where storage_name = ${keys.current.storageName} order by first_time`),
    );
    return { keys, blocks: rows };
  }

  it('stores plain readings in blocks without rows, the block holding their count and ids', async () => {
    const patient = fixture.addUser();
    const readings = cgmReadings({ count: 300, uploadId: 'rowless', start: '2024-09-01T00:00:00Z' });
    expect(await upload(patient, readings)).toMatchObject({ stored: 300, duplicates: 0 });
    const { keys, blocks } = await blocksOf(patient);
    // 288 readings on the first UTC day, 12 on the next.
    expect(blocks.map((block) => [block.format, block.entryCount, block.entryIds?.length])).toEqual([
      [ROWLESS_FORMAT, 288, 288 * 32],
      [ROWLESS_FORMAT, 12, 12 * 32],
    ]);
    const rows = await fixture.database.db
      .select({ id: dataTable.id })
      .from(dataTable)
      .where(sql`storage_name = ${keys.current.storageName}`);
    expect(rows).toEqual([]);
    const ids = (await stored(patient)).map((datum) => datum.id);
    const blockIds = blocks.flatMap((block) =>
      Buffer.from(block.entryIds ?? new Uint8Array())
        .toString('hex')
        .match(/.{64}/g),
    );
    expect(blockIds).toEqual(ids);
  });

  it('finds plain readings stored with rows before rowless blocks (migration 0003) as duplicates', async () => {
    const patient = fixture.addUser();
    const readings = cgmReadings({ count: 20, uploadId: 'before-0003', start: '2024-10-01T00:00:00Z' });
    await upload(patient, readings);
    // Turn the block into what the ingest wrote before migration 0003: format 2, a row a reading.
    const { keys, blocks } = await blocksOf(patient);
    const [block] = blocks;
    if (block === undefined) throw new Error('no block');
    const ids =
      Buffer.from(block.entryIds ?? new Uint8Array())
        .toString('hex')
        .match(/.{64}/g) ?? [];
    const db = fixture.database.db;
    await db.execute(sql`update reading_blocks set format = ${TIME_INDEXED_FORMAT}, entry_count = null,
      entry_ids = null where id = ${block.id}`);
    await db.insert(dataTable).values(
      ids.map((id, index) => ({
        storageName: keys.current.storageName,
        id,
        type: 'cbg',
        time: new Date(readings[index]?.time ?? ''),
        sourceId: block.sourceId,
        keyVersion: keys.current.version,
        blockId: block.id,
        blockIndex: index,
      })),
    );
    const more = cgmReadings({ count: 25, uploadId: 'after-0003', start: '2024-10-01T00:00:00Z' });
    expect(await upload(patient, more)).toMatchObject({ stored: 5, duplicates: 20 });
    const data = await stored(patient);
    expect(data.map((datum) => datum.time)).toEqual(more.map((datum) => new Date(datum.time).toISOString()));
    expect(new Set(data.map((datum) => datum.id)).size).toBe(25);
    expect((await stored(patient, '?latest=true')).map((datum) => datum.time)).toEqual([
      '2024-10-01T02:00:00.000Z',
    ]);
    expect(await upload(patient, more)).toMatchObject({ stored: 0, duplicates: 25 });
  });

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

  it('lets the event loop turn while it splits and seals a large upload, before the database is asked', async () => {
    const patient = fixture.addUser();
    const keys = userDataKeys(
      fixture.config.DATA_SALT_DEPLOY,
      await fixture.pairs.pairOf(patient.userid, 'data'),
    );
    const ciphers = { readings: createCachedSystemCipher(fixture.config.DATA_SALT_DEPLOY, READINGS_PURPOSE) };
    const readings = cgmReadings({ count: 2 * DATA_PER_TURN + 1, uploadId: 'turns' });
    // A timer set now fires at the first turn of the loop; whether it has when ingest first
    // reaches for the database tells whether the work before was cut into turns.
    let fired = false;
    const timer = setTimeout(() => {
      fired = true;
    }, 0);
    let firedBeforeDatabase: boolean | undefined;
    const database = new Proxy(fixture.database.db, {
      get(target, property, receiver) {
        firedBeforeDatabase ??= fired;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const result = await ingestData(database, keys, ciphers, readings);
    clearTimeout(timer);
    expect(result).toMatchObject({ stored: readings.length, duplicates: 0 });
    expect(firedBeforeDatabase).toBe(true);
  });
});
