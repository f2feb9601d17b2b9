import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSalt, openDatabase, parseSaltRing, type OpenedDatabase } from '@tidepool/kit';
import { databaseBackends, silentLogger, startPostgres, type TestPostgres } from '@tidepool/kit/testing';
import { memoryPairs } from '@tidepool/service-runtime/testing';
import type { StoredDatum } from '@tidepool/spec';
import { READINGS_PURPOSE } from '../app.js';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import { userDataKeys } from '../keys/user-data-keys.js';
import { readingsAssociatedData } from '../store/datum-codec.js';
import { sourceAssociatedData, sourceKeys } from '../store/sources.js';
import { cgmReadings, migrationsFolder, send, startDataFixture, type DataFixture } from '../testing/index.js';
import { resultRows } from './result-rows.js';
import { schema, type DataSchema } from './schema.js';

/** The migrations folder as it was before time-indexed blocks (0000 and 0001 only). */
async function foldersBefore0002(directory: string): Promise<string> {
  const folder = join(directory, 'drizzle');
  await cp(migrationsFolder, folder, { recursive: true });
  await rm(join(folder, '0002_time_indexed_blocks.sql'));
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx < 2);
  await writeFile(journalFile, JSON.stringify(journal));
  return folder;
}

describe.each(databaseBackends())('migration 0002 over data stored before it, on %s', (backend) => {
  const salt = generateSalt();
  const ring = parseSaltRing('DATA_SALT_DEPLOY', salt);
  const pairs = memoryPairs();
  const patient = 'abcdef0001';
  let directory: string;
  let postgres: TestPostgres | undefined;
  let database: OpenedDatabase<DataSchema>;
  let fixture: DataFixture;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'data-migration-'));
    postgres = backend === 'postgres' ? await startPostgres() : undefined;
    const open = async (folder: string) =>
      openDatabase({
        service: 'data',
        dataDir: directory,
        logger: silentLogger(),
        schema,
        migrationsFolder: folder,
        ...(postgres === undefined ? {} : { url: postgres.url }),
      });
    // A datum stored by the code of migration 0001: its readings in the row's own envelope.
    const before = await open(await foldersBefore0002(directory));
    pairs.addUser(patient);
    const keys = userDataKeys(ring, await pairs.pairOf(patient, 'data'));
    const source = { deviceId: 'meter-1', uploadId: 'old-upload' };
    const lookup = sourceKeys(keys.current, source);
    const storageName = keys.current.storageName;
    const identity = keys.identity.sealJson(source, sourceAssociatedData(storageName, lookup.sourceKey));
    await before.db
      .execute(sql`insert into sources (storage_name, source_key, device_key, upload_key, key_version, identity)
      values (${storageName}, ${lookup.sourceKey}, ${lookup.deviceKey}, ${lookup.uploadKey}, 1, ${identity})`);
    const row = {
      storageName,
      id: 'a'.repeat(64),
      type: 'cbg',
      subType: null,
      time: '2023-03-01T08:00:00.000Z',
    };
    const readings = createCachedSystemCipher(ring, READINGS_PURPOSE).sealJson(
      { units: 'mmol/L', value: 6.1 },
      readingsAssociatedData(row),
    );
    await before.db
      .execute(sql`insert into data (storage_name, id, type, time, source_id, key_version, readings)
      select ${storageName}, ${row.id}, 'cbg', ${row.time}::timestamptz, id, 1, ${readings} from sources`);
    await before.close();
    database = await open(migrationsFolder);
    fixture = await startDataFixture(backend, { database, pairs, env: { DATA_SALT_DEPLOY: salt } });
  }, 120_000);
  afterAll(async () => {
    await fixture.close();
    await database.close();
    await postgres?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('marks the rows as legacy and answers them among new data, in time order', async () => {
    const viewer = fixture.addUser();
    fixture.permissions.grant(patient, viewer.userid, { upload: {}, view: {} });
    const upload = await send(fixture, 'POST', `/${patient}`, {
      token: viewer.token,
      body: cgmReadings({ count: 2, uploadId: 'u', deviceId: 'm', start: '2023-03-01T07:57:30Z' }),
    });
    expect(upload.status).toBe(200);
    const response = await send(fixture, 'GET', `/${patient}?type=cbg`, { token: viewer.token });
    const data = (await response.json()) as StoredDatum[];
    expect(data.map((datum) => [datum.time, datum.uploadId])).toEqual([
      ['2023-03-01T07:57:30.000Z', 'u'],
      ['2023-03-01T08:00:00.000Z', 'old-upload'],
      ['2023-03-01T08:02:30.000Z', 'u'],
    ]);
    expect(data[1]).toMatchObject({ id: 'a'.repeat(64), units: 'mmol/L', value: 6.1, deviceId: 'meter-1' });
    const legacy = await database.db.execute(sql`select count(*)::int as count from data where legacy`);
    expect(resultRows<{ count: number }>(legacy)).toEqual([{ count: 1 }]);
  });
});
