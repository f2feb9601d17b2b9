import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { databaseBackends } from '@tidepool/kit/testing';
import { startTestPlatform, type TestPlatform } from '../../test-fixtures/test-platform.js';

describe.each(databaseBackends())('what an insider reading the metadata database sees on %s', (backend) => {
  let platform: TestPlatform;
  const secrets: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    const patient = await platform.newUser();
    const caregiver = await platform.newUser();
    const profiles = [
      [
        patient,
        {
          fullName: 'Zelda Quintessa',
          patient: { birthday: '1987-11-23', diagnosisType: 'lada', about: 'ZebraCrossing' },
        },
      ],
      [caregiver, { fullName: 'Xavier Pemberton' }],
    ] as const;
    for (const [user, profile] of profiles) {
      await platform.call('PUT', `/${user.userid}/profile`, { token: user.token, body: profile });
      await platform.call('PUT', `/${user.userid}/preferences`, {
        token: user.token,
        body: { favourite: 'Marmalade42' },
      });
    }
    const pair = await platform.call('GET', `/internal/users/${patient.userid}/pairs/data`, {
      token: platform.serverToken,
    });
    const data = (await pair.json()) as { id: string; hash: string };
    await platform.call('POST', '/internal/reencrypt', { token: platform.serverToken, body: { limit: 1 } });
    secrets.push(
      patient.userid,
      caregiver.userid,
      'Zelda',
      'Quintessa',
      'Xavier',
      'Pemberton',
      '1987-11-23',
      'lada',
      'ZebraCrossing',
      'Marmalade42',
      'fullName',
      'patient',
      data.id,
      data.hash,
    );
  });
  afterAll(async () => {
    await platform.close();
  });

  /** Raw SQL rows: postgres-js answers an array, PGlite an object with `rows`. */
  async function query<Row>(statement: SQL): Promise<Row[]> {
    const result: unknown = await platform.database.db.execute(statement);
    return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
  }

  it('finds no user id, name, profile value or pair in clear in any table', async () => {
    const tables = await query<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    const names = tables.map((row) => row.table_name).filter((name) => !name.startsWith('__drizzle'));
    expect(names.sort()).toEqual(['documents', 'reencryption_cursor', 'salt_checks']);
    let dumped = '';
    for (const name of names) {
      // Every column as text (bytea as hex), as `pg_dump` would write it, and the bytes raw too.
      const rows = await query<Record<string, unknown>>(sql`select * from ${sql.identifier(name)}`);
      for (const row of rows) {
        for (const value of Object.values(row)) {
          dumped +=
            value instanceof Uint8Array
              ? `${Buffer.from(value).toString('latin1')}|${Buffer.from(value).toString('hex')}|`
              : `${String(value)}|`;
        }
      }
    }
    expect(dumped.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(dumped, secret).not.toContain(secret);
  });
});
