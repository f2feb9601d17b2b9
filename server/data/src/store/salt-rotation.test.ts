import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSalt } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { StoredDatum, UploadRecord, UploadResult } from '@tidepool/spec';
import {
  cgmReadings,
  openDataTestDatabase,
  send,
  startDataFixture,
  type DataFixture,
  type FixtureUser,
} from '../testing/index.js';

describe.each(databaseBackends())('a rotated DATA_SALT_DEPLOY on %s', (backend) => {
  const first = generateSalt();
  let before: DataFixture;
  let after: DataFixture;
  let patient: FixtureUser;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const database = await openDataTestDatabase(backend);
    before = await startDataFixture(backend, { database, env: { DATA_SALT_DEPLOY: first } });
    after = await startDataFixture(backend, {
      database,
      env: { DATA_SALT_DEPLOY: `v2:${generateSalt()},v1:${first}` },
      permissions: before.permissions,
      pairs: before.pairs,
    });
    patient = before.addUser();
    // Each fixture has its own token table: at the rotated instance, act as the patient's custodian.
    const token = custodianAt(after, patient);
    await send(before, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: cgmReadings({ count: 4, uploadId: 'old', deviceId: 'cgm-old' }),
    });
    patient = { ...patient, token };
    close = async () => {
      await after.close();
      await before.close();
      await database.close();
    };
  }, 60_000);
  afterAll(() => close());

  /** A new user of `fixture` holding custodian on `user`'s data; answers their token. */
  function custodianAt(fixture: DataFixture, user: FixtureUser): string {
    const custodian = fixture.addUser();
    fixture.permissions.grant(user.userid, custodian.userid, { custodian: {} });
    return custodian.token;
  }

  it('reads data stored under the older version, and does not store it twice', async () => {
    const again = await send(after, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: cgmReadings({ count: 6, uploadId: 'old', deviceId: 'cgm-old' }),
    });
    expect((await again.json()) as UploadResult).toEqual({ stored: 2, duplicates: 4, uploadIds: ['old'] });
    const data = (await (
      await send(after, 'GET', `/${patient.userid}`, { token: patient.token })
    ).json()) as StoredDatum[];
    expect(data).toHaveLength(6);
    const filtered = await send(after, 'GET', `/${patient.userid}?deviceId=cgm-old&uploadId=old`, {
      token: patient.token,
    });
    expect((await filtered.json()) as StoredDatum[]).toHaveLength(6);
    const uploads = (await (
      await send(after, 'GET', `/uploads/${patient.userid}`, { token: patient.token })
    ).json()) as UploadRecord[];
    expect(uploads).toEqual([expect.objectContaining({ uploadId: 'old', datumCount: 6 })]);
  });

  it('deletes an upload and erases a user under every version', async () => {
    await send(after, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: cgmReadings({ count: 2, uploadId: 'new', start: '2024-08-01T00:00:00Z' }),
    });
    expect(
      (await send(after, 'DELETE', `/uploads/${patient.userid}/old`, { token: patient.token })).status,
    ).toBe(204);
    const left = (await (
      await send(after, 'GET', `/${patient.userid}`, { token: patient.token })
    ).json()) as StoredDatum[];
    expect(left.map((datum) => datum.uploadId)).toEqual(['new', 'new']);
    expect(
      (await send(after, 'DELETE', `/internal/users/${patient.userid}`, { token: after.serverToken })).status,
    ).toBe(204);
    expect(await (await send(after, 'GET', `/${patient.userid}`, { token: patient.token })).json()).toEqual(
      [],
    );
  });
});
