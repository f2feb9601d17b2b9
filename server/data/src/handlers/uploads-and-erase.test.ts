import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { StoredDatum, UploadRecord } from '@tidepool/spec';
import { resultRows } from '../db/result-rows.js';
import {
  cgmReadings,
  send,
  startDataFixture,
  uploadRecord,
  type DataFixture,
  type FixtureUser,
} from '../testing/index.js';

describe.each(databaseBackends())('uploads and erasure on %s', (backend) => {
  let fixture: DataFixture;
  beforeAll(async () => {
    fixture = await startDataFixture(backend);
  }, 60_000);
  afterAll(() => fixture.close());

  async function upload(user: FixtureUser, body: unknown) {
    const response = await send(fixture, 'POST', `/${user.userid}`, { token: user.token, body });
    expect(response.status).toBe(200);
  }
  const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;

  async function rowsOf(table: 'data' | 'reading_blocks' = 'data'): Promise<number> {
    const result = await fixture.database.db.execute(
      sql`select count(*)::integer as rows from ${sql.identifier(table)}`,
    );
    return resultRows<{ rows: number }>(result)[0]?.rows ?? 0;
  }

  it('lists uploads newest first with the span and count of their data and their record', async () => {
    const patient = fixture.addUser();
    await upload(patient, [
      uploadRecord('older'),
      ...cgmReadings({ count: 10, uploadId: 'older', start: '2024-05-01T00:00:00Z' }),
    ]);
    await upload(
      patient,
      cgmReadings({ count: 4, uploadId: 'newer', deviceId: 'meter-2', start: '2024-06-01T00:00:00Z' }),
    );
    const uploads = await json<UploadRecord[]>(
      send(fixture, 'GET', `/uploads/${patient.userid}`, { token: patient.token }),
    );
    expect(uploads.map((entry) => entry.uploadId)).toEqual(['newer', 'older']);
    expect(uploads[0]).toEqual({
      uploadId: 'newer',
      createdTime: expect.any(String) as string,
      datumCount: 4,
      earliestTime: '2024-06-01T00:00:00.000Z',
      latestTime: '2024-06-01T00:15:00.000Z',
    });
    expect(uploads[1]).toMatchObject({
      datumCount: 10,
      earliestTime: '2024-05-01T00:00:00.000Z',
      latestTime: '2024-05-01T00:45:00.000Z',
      upload: { type: 'upload', deviceModel: 'G6', deviceSerialNumber: 'SN4X72Q9', uploadId: 'older' },
    });
  });

  it("lists a phone app's continuous upload with its record as Tidepool's platform keeps it", async () => {
    const patient = fixture.addUser();
    const record = {
      type: 'upload',
      time: '2024-05-01T00:00:00.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'loop-stream',
      client: { name: 'org.tidepool.Loop', version: '3.4.0' },
      dataSetType: 'continuous',
      deduplicator: { name: 'org.tidepool.deduplicator.dataset.delete.origin' },
    };
    await upload(patient, [
      record,
      ...cgmReadings({
        count: 3,
        uploadId: 'loop-stream',
        deviceId: 'Loop-phone',
        start: '2024-05-01T00:00:00Z',
      }),
    ]);
    const [listed] = await json<UploadRecord[]>(
      send(fixture, 'GET', `/uploads/${patient.userid}`, { token: patient.token }),
    );
    expect(listed).toMatchObject({ uploadId: 'loop-stream', datumCount: 3, upload: record });
  });

  it('answers an empty list to a user without uploads', async () => {
    const patient = fixture.addUser();
    expect(await json(send(fixture, 'GET', `/uploads/${patient.userid}`, { token: patient.token }))).toEqual(
      [],
    );
  });

  it('deletes an upload and all its data, leaving the others, and answers 404 for an unknown one', async () => {
    const patient = fixture.addUser();
    await upload(patient, [uploadRecord('gone'), ...cgmReadings({ count: 5, uploadId: 'gone' })]);
    await upload(patient, cgmReadings({ count: 3, uploadId: 'kept', start: '2024-07-01T00:00:00Z' }));
    const blocksBefore = await rowsOf('reading_blocks');
    const deleted = await send(fixture, 'DELETE', `/uploads/${patient.userid}/gone`, {
      token: patient.token,
    });
    expect(deleted.status).toBe(204);
    // The upload's reading blocks (its record's and its readings' of the day) go with it.
    expect(await rowsOf('reading_blocks')).toBe(blocksBefore - 2);
    const data = await json<StoredDatum[]>(
      send(fixture, 'GET', `/${patient.userid}`, { token: patient.token }),
    );
    expect(data).toHaveLength(3);
    expect(new Set(data.map((datum) => datum.uploadId))).toEqual(new Set(['kept']));
    const uploads = await json<UploadRecord[]>(
      send(fixture, 'GET', `/uploads/${patient.userid}`, { token: patient.token }),
    );
    expect(uploads.map((entry) => entry.uploadId)).toEqual(['kept']);
    const again = await send(fixture, 'DELETE', `/uploads/${patient.userid}/gone`, { token: patient.token });
    expect(again.status).toBe(404);
    // Deleted data may be uploaded again.
    await upload(patient, cgmReadings({ count: 5, uploadId: 'gone' }));
    expect(
      await json<StoredDatum[]>(send(fixture, 'GET', `/${patient.userid}`, { token: patient.token })),
    ).toHaveLength(8);
  });

  it('keeps an upload whose every datum was a duplicate: it is listed and deleting it leaves the stored data', async () => {
    const patient = fixture.addUser();
    await upload(patient, cgmReadings({ count: 4, uploadId: 'first' }));
    const again = await json<{ stored: number; uploadIds: string[] }>(
      send(fixture, 'POST', `/${patient.userid}`, {
        token: patient.token,
        body: cgmReadings({ count: 4, uploadId: 'again' }),
      }),
    );
    expect(again.uploadIds).toEqual(['again']);
    const deleted = await send(fixture, 'DELETE', `/uploads/${patient.userid}/again`, {
      token: patient.token,
    });
    expect(deleted.status).toBe(204);
    const data = await json<StoredDatum[]>(
      send(fixture, 'GET', `/${patient.userid}`, { token: patient.token }),
    );
    expect(data.filter((datum) => datum.uploadId === 'first')).toHaveLength(4);
  });

  it('erases every row of a deleted user and nobody else’s, at a server’s request', async () => {
    const leaving = fixture.addUser();
    const staying = fixture.addUser();
    await upload(leaving, [uploadRecord('leaving'), ...cgmReadings({ count: 7, uploadId: 'leaving' })]);
    await upload(staying, cgmReadings({ count: 2, uploadId: 'staying' }));
    const before = await rowsOf();
    const blocksBefore = await rowsOf('reading_blocks');
    const response = await send(fixture, 'DELETE', `/internal/users/${leaving.userid}`, {
      token: fixture.serverToken,
    });
    expect(response.status).toBe(204);
    // The upload record's row and its block, and the block of the seven readings (no rows).
    expect(await rowsOf()).toBe(before - 1);
    expect(await rowsOf('reading_blocks')).toBe(blocksBefore - 2);
    expect(await json(send(fixture, 'GET', `/${leaving.userid}`, { token: leaving.token }))).toEqual([]);
    expect(await json(send(fixture, 'GET', `/uploads/${leaving.userid}`, { token: leaving.token }))).toEqual(
      [],
    );
    expect(
      await json<StoredDatum[]>(send(fixture, 'GET', `/${staying.userid}`, { token: staying.token })),
    ).toHaveLength(2);
  });

  it('acknowledges the erasure of a user no account has (the pair is already gone)', async () => {
    const response = await send(fixture, 'DELETE', '/internal/users/0123456789abcdef', {
      token: fixture.serverToken,
    });
    expect(response.status).toBe(204);
  });
});
