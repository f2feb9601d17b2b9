import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, notes } from '../../test-fixtures/schema.js';
import {
  captureLogs,
  databaseBackends,
  openTestDatabase,
  silentLogger,
  startPostgres,
} from '../testing/index.js';
import { openDatabase, type Database } from './open-database.js';
import { pgliteClusterTemplateName, preparePgliteClusterTemplate } from './pglite-cluster-template.js';
import { parseBytea, serializeBytea } from './pglite-bytea.js';

const migrationsFolder = fileURLToPath(new URL('../../test-fixtures/migrations', import.meta.url));

/** Repository code written once against `Database`, whatever the backend. */
async function addNote(db: Database<typeof schema>, author: string, text: string) {
  const [row] = await db.insert(notes).values({ author, text }).returning();
  return row!;
}

describe.each(databaseBackends())('openDatabase on %s', (backend) => {
  it('applies the migrations and stores and reads rows', async () => {
    await using database = await openTestDatabase(backend, { schema, migrationsFolder });
    expect(database.dialect).toBe(backend);
    const first = await addNote(database.db, 'ann', 'first');
    await addNote(database.db, 'bob', 'second');
    const annsNotes = await database.db.select().from(notes).where(eq(notes.author, 'ann'));
    expect(annsNotes).toEqual([first]);
    const all = await database.db.query.notes.findMany({ orderBy: [asc(notes.text)] });
    expect(all.map((note) => note.text)).toEqual(['first', 'second']);
  });

  it('stores and reads bytea byte for byte, a view of a larger buffer included', async () => {
    await using database = await openTestDatabase(backend, { schema, migrationsFolder });
    const everyByte = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 256));
    const view = Buffer.concat([Buffer.from('around'), everyByte, Buffer.from('around')]).subarray(
      6,
      6 + 4096,
    );
    const result = await database.db.execute(
      sql`select ${view}::bytea as echoed, encode(sha256(${view}::bytea), 'hex') as digest`,
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      echoed: Uint8Array;
      digest: string;
    }[];
    expect(rows[0]?.digest).toBe(createHash('sha256').update(everyByte).digest('hex'));
    expect(Buffer.from(rows[0]?.echoed ?? [])).toEqual(everyByte);
    if (backend === 'pglite') {
      // PGlite's own handlers build a string per byte: a large envelope blocked the event loop.
      const client = (database.db as unknown as { $client: PGlite }).$client;
      expect(client.serializers[17]).toBe(serializeBytea);
      expect(client.parsers[17]).toBe(parseBytea);
    }
  });

  it('answers ping while open and fails it once closed', async () => {
    const database = await openTestDatabase(backend, { schema, migrationsFolder });
    await expect(database.ping()).resolves.toBeUndefined();
    await database.close();
    await expect(database.ping()).rejects.toThrow();
  });

  it('runs transactions that roll back on failure', async () => {
    await using database = await openTestDatabase(backend, { schema, migrationsFolder });
    await expect(
      database.db.transaction(async (transaction) => {
        await transaction.insert(notes).values({ author: 'ann', text: 'lost' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await database.db.select().from(notes)).toEqual([]);
  });
});

describe('openDatabase on PGlite, sharing the event loop', () => {
  it('lets a timer run while a long transaction is still going', async () => {
    await using database = await openTestDatabase('pglite', { schema, migrationsFolder });
    let fired = false;
    const timer = setTimeout(() => {
      fired = true;
    }, 0);
    let statements = 0;
    await database.db.transaction(async (transaction) => {
      // Statements for 300 ms, however fast the machine: several slices of the loop.
      const start = performance.now();
      while (performance.now() - start < 300) {
        await transaction.execute(sql`select count(*) from generate_series(1, 20000)`);
        statements += 1;
      }
      expect(fired).toBe(true);
    });
    clearTimeout(timer);
    expect(statements).toBeGreaterThan(1);
  });
});

describe('openDatabase on PGlite, keeping statements prepared', () => {
  it('prepares the statements the service runs, after its migrations', async () => {
    await using database = await openTestDatabase('pglite', { schema, migrationsFolder });
    await addNote(database.db, 'ann', 'first');
    const byAuthor = database.db.select().from(notes).where(eq(notes.author, 'ann'));
    expect(await byAuthor).toHaveLength(1);
    expect(await byAuthor).toHaveLength(1);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const [held] = await client.exec('select statement from pg_prepared_statements');
    const statements = (held?.rows ?? []).map((row) => (row as { statement: string }).statement);
    expect(statements).toContain(byAuthor.toSQL().sql);
    expect(statements.filter((statement) => statement === byAuthor.toSQL().sql)).toHaveLength(1);
    expect(statements.some((statement) => /create table/i.test(statement))).toBe(false);
  });
});

const COPIED_FROM_TEMPLATE = 'new embedded database copied from the cluster template';

describe('openDatabase on embedded PGlite in a data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kit-pglite-'));
  const template = join(dataDir, pgliteClusterTemplateName());
  beforeAll(async () => {
    // What an earlier version made in the template's place; the template replaces it.
    writeFileSync(join(dataDir, `${pgliteClusterTemplateName()}.tar.gz`), 'an earlier archive');
    expect(await preparePgliteClusterTemplate(dataDir)).toBe(true);
  }, 60_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes the cluster template once, named by PGlite version, and removes the archive of earlier versions', async () => {
    expect(template).toMatch(/pglite-cluster-\d+\.\d+\.\d+$/);
    expect(readdirSync(template)).toContain('PG_VERSION');
    const made = statSync(join(template, 'PG_VERSION'));
    expect(await preparePgliteClusterTemplate(dataDir)).toBe(false);
    expect(statSync(join(template, 'PG_VERSION')).mtimeMs).toBe(made.mtimeMs);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pglite-cluster-'))).toEqual([
      pgliteClusterTemplateName(),
    ]);
  });

  it('removes the partial templates of stopped starts, never one that a running process is making', async () => {
    // A process id no process has (above Linux's largest), and this process's own.
    const stopped = `${template}.2147483646.0a1b2c.partial`;
    const running = `${template}.${process.pid}.3d4e5f.partial`;
    const earlier = `${template}.6a7b8c.partial`;
    for (const partial of [stopped, running, earlier]) mkdirSync(partial);
    expect(await preparePgliteClusterTemplate(dataDir)).toBe(false);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([
      `${pgliteClusterTemplateName()}.${process.pid}.3d4e5f.partial`,
    ]);
    rmSync(running, { recursive: true });
  });

  it('removes what a stopped copy left in the service’s folder before copying the template again', async () => {
    const left = join(dataDir, 'copied', `pglite.${process.pid}.9f8e7d.partial`);
    mkdirSync(left, { recursive: true });
    writeFileSync(join(left, 'PG_VERSION'), '17');
    const options = { service: 'copied', dataDir, schema, migrationsFolder, logger: silentLogger() };
    await using database = await openDatabase(options);
    await addNote(database.db, 'cat', 'after a stopped copy');
    expect(readdirSync(join(dataDir, 'copied')).sort()).toEqual(['pglite', 'tidepool.lock']);
  });

  it('copies a new database from the template and keeps its rows across a reopen, never copying it again', async () => {
    const logs = captureLogs();
    const options = { service: 'notes', dataDir, schema, migrationsFolder, logger: logs.logger };
    {
      await using database = await openDatabase(options);
      await addNote(database.db, 'ann', 'kept');
    }
    expect(logs.lines().filter((line) => line.msg === COPIED_FROM_TEMPLATE)).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'notes')).filter((name) => name !== 'tidepool.lock')).toEqual([
      'pglite',
    ]);
    await using reopened = await openDatabase(options);
    expect((await reopened.db.select().from(notes)).map((note) => note.text)).toEqual(['kept']);
    expect(logs.lines().filter((line) => line.msg === COPIED_FROM_TEMPLATE)).toHaveLength(1);
    // The template itself is left as it was made: no table of the service in it.
    await using copy = await openDatabase({ ...options, service: 'other-notes' });
    expect(await copy.db.select().from(notes)).toEqual([]);
  });

  it('makes the database itself, and says so, when the template holds no cluster', async () => {
    const otherDataDir = mkdtempSync(join(tmpdir(), 'kit-pglite-'));
    try {
      mkdirSync(join(otherDataDir, pgliteClusterTemplateName()));
      writeFileSync(join(otherDataDir, pgliteClusterTemplateName(), 'base'), 'not a cluster');
      const logs = captureLogs();
      const options = {
        service: 'notes',
        dataDir: otherDataDir,
        schema,
        migrationsFolder,
        logger: logs.logger,
      };
      {
        await using database = await openDatabase(options);
        await addNote(database.db, 'bob', 'made by initdb');
      }
      const warning = logs.lines().find((line) => line.level === 'warn');
      expect(warning?.msg).toBe(
        'the cluster template could not be copied; PGlite makes the new database itself',
      );
      expect(warning?.reason).toMatch(/holds no PostgreSQL cluster/);
      expect(readdirSync(join(otherDataDir, 'notes'))).toEqual(['pglite']);
      await using reopened = await openDatabase(options);
      expect((await reopened.db.select().from(notes)).map((note) => note.text)).toEqual(['made by initdb']);
    } finally {
      rmSync(otherDataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a directory that a live process holds', async () => {
    const options = { service: 'locked', dataDir, schema, migrationsFolder, logger: silentLogger() };
    await using database = await openDatabase(options);
    expect(database.dialect).toBe('pglite');
    await expect(openDatabase(options)).rejects.toThrow(/is in use by process/);
  });
});

describe.skipIf(!databaseBackends().includes('postgres'))(
  'openDatabase on PostgreSQL with a shared DATABASE_URL',
  () => {
    it('keeps each service in its own schema with its own migrations table', async () => {
      await using server = await startPostgres();
      const common = {
        url: server.url,
        dataDir: ':memory:',
        schema,
        migrationsFolder,
        logger: silentLogger(),
      };
      await using first = await openDatabase({ ...common, service: 'first', postgresSchema: 'first' });
      await using second = await openDatabase({ ...common, service: 'second', postgresSchema: 'second' });
      await addNote(first.db, 'ann', 'in first');
      expect(await second.db.select().from(notes)).toEqual([]);
      expect((await first.db.select().from(notes)).map((note) => note.text)).toEqual(['in first']);
    });
  },
);
