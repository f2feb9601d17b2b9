import { describe, expect, it } from 'vitest';
import { databaseBackends, postgresAvailability } from './postgres-availability.js';
import { startPostgres } from './postgres-cluster.js';

describe('postgresAvailability and databaseBackends', () => {
  it('prefers TEST_DATABASE_URL when it is set', () => {
    const url = 'postgres://postgres@db.example:5432/postgres';
    expect(postgresAvailability({ TEST_DATABASE_URL: url })).toEqual({
      available: true,
      source: 'TEST_DATABASE_URL',
      url,
    });
    expect(databaseBackends({ TEST_DATABASE_URL: url })).toEqual(['pglite', 'postgres']);
  });

  it('runs on PGlite alone when PostgreSQL is missing outside CI', () => {
    expect(databaseBackends({}, '/nonexistent/postgresql')).toEqual(['pglite']);
  });

  it('throws under CI=true when PostgreSQL is missing, instead of skipping silently', () => {
    expect(() => databaseBackends({ CI: 'true' }, '/nonexistent/postgresql')).toThrow(
      /PostgreSQL is required when CI=true/,
    );
  });

  it('explains why PostgreSQL is unavailable', () => {
    const availability = postgresAvailability({}, '/nonexistent/postgresql');
    expect(availability).toEqual({
      available: false,
      reason: expect.stringContaining('no initdb') as string,
    });
  });
});

describe.skipIf(!postgresAvailability().available)('startPostgres', () => {
  it('gives each caller its own empty database on one shared server, and drops it on stop', async () => {
    const first = await startPostgres();
    const second = await startPostgres();
    expect(first.url).not.toBe(second.url);
    expect(new URL(first.url).host).toBe(new URL(second.url).host);
    const postgres = (await import('postgres')).default;
    const sql = postgres(first.url, { max: 1, onnotice: () => undefined });
    await sql`create table marker (id int)`;
    await sql.end();
    const other = postgres(second.url, { max: 1, onnotice: () => undefined });
    expect(
      await other`select count(*)::int as tables from information_schema.tables where table_name = 'marker'`,
    ).toEqual([{ tables: 0 }]);
    await other.end();
    const name = new URL(first.url).pathname.slice(1);
    await first.stop();
    const admin = postgres(second.url, { max: 1, onnotice: () => undefined });
    expect(await admin`select count(*)::int as found from pg_database where datname = ${name}`).toEqual([
      { found: 0 },
    ]);
    await admin.end();
    await second.stop();
  });
});
