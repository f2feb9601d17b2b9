import { PGlite, types, type QueryOptions } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_TYPE_HANDLERS } from './pglite-bytea.js';
import { cacheStatements, type StatementCache } from './pglite-statements.js';

/** What Drizzle passes with every query of its PGlite driver: dates and timestamps kept as text. */
const DRIZZLE_OPTIONS: QueryOptions = {
  rowMode: 'array',
  parsers: { [types.TIMESTAMPTZ]: (value: string) => value, [types.DATE]: (value: string) => value },
};

/** The statements PostgreSQL holds prepared, asked with a simple query (which is never prepared). */
async function preparedTexts(client: PGlite): Promise<string[]> {
  const [result] = await client.exec('select statement from pg_prepared_statements');
  return (result?.rows ?? []).map((row) => (row as { statement: string }).statement);
}

// Starting a PGlite takes seconds on these machines: the tests share two, each with tables of its own.
describe('cacheStatements', () => {
  let plain: PGlite;
  let cached: PGlite;
  let cache: StatementCache;
  let tables = 0;

  /** A table of readings made the same in both databases; its name is new to each test. */
  async function readingsTable(): Promise<string> {
    tables += 1;
    const table = `readings_${String(tables)}`;
    const schema = `
      create table ${table} (
        id int primary key,
        label text,
        taken timestamptz not null,
        payload jsonb,
        raw bytea,
        flagged boolean not null default false,
        amounts numeric[]
      );
      insert into ${table} values
        (1, 'first', '2024-03-01T10:00:00Z', '{"a": [1, 2]}', '\\x00ff10', true, '{1.5,2}'),
        (2, null, '2024-03-02T11:30:00.123Z', null, null, false, null);`;
    await Promise.all([plain.exec(schema), cached.exec(schema)]);
    return table;
  }

  const ownTexts = (table: string) => cache.texts().filter((text) => text.includes(table));

  beforeAll(async () => {
    [plain, cached] = await Promise.all([
      PGlite.create(PGLITE_TYPE_HANDLERS),
      PGlite.create(PGLITE_TYPE_HANDLERS),
    ]);
    cache = cacheStatements(cached, { maxStatements: 50 });
  });
  afterAll(async () => {
    await Promise.all([plain.close(), cached.close()]);
  });

  it('answers every statement as PGlite itself does, the first time and when prepared', async () => {
    const table = await readingsTable();
    const statements: [string, unknown[], QueryOptions?][] = [
      [`select * from ${table} order by id`, []],
      [`select * from ${table} where id = $1`, [1], DRIZZLE_OPTIONS],
      [`select label, taken from ${table} where taken > $1 order by id`, [new Date('2024-03-01T12:00:00Z')]],
      [
        `select $1::bytea as echoed, $2::jsonb as document, '${table}' as source`,
        [Buffer.from([0, 1, 254, 255]), { b: ['x', null] }],
      ],
      [`select * from ${table} where label = $1`, [null]],
      [`select count(*)::int as n, bool_or(flagged) as any from ${table} where id = any($1)`, [[1, 2, 3]]],
      [`update ${table} set flagged = $1 where id < $2`, [true, 10]],
      [`delete from ${table} where id = $1`, [99]],
    ];
    for (const [text, parameters, options] of statements) {
      expect(await cached.query(text, parameters, options), text).toEqual(
        await plain.query(text, parameters, options),
      );
    }
    expect(ownTexts(table)).toEqual(statements.map(([text]) => text));
    // Again, from the statements PostgreSQL now holds.
    for (const [text, parameters, options] of statements) {
      expect(await cached.query(text, parameters, options), text).toEqual(
        await plain.query(text, parameters, options),
      );
    }
    const insert = `insert into ${table} (id, taken) values ($1, $2) returning id, taken`;
    for (const id of [3, 4]) {
      expect(await cached.query(insert, [id, '2024-03-03T00:00:00Z'], DRIZZLE_OPTIONS)).toEqual(
        await plain.query(insert, [id, '2024-03-03T00:00:00Z'], DRIZZLE_OPTIONS),
      );
    }
  });

  it('prepares a statement once, however often it runs', async () => {
    const table = await readingsTable();
    const text = `select label from ${table} where id = $1`;
    for (let index = 0; index < 5; index += 1) {
      expect((await cached.query(text, [1])).rows).toEqual([{ label: 'first' }]);
    }
    expect((await preparedTexts(cached)).filter((statement) => statement === text)).toHaveLength(1);
  });

  it('keeps the most recently used statements and closes the others in PostgreSQL', async () => {
    const small = await PGlite.create();
    try {
      const smallCache = cacheStatements(small, { maxStatements: 2 });
      await small.query('select 1 as a');
      await small.query('select 2 as b');
      await small.query('select 1 as a');
      await small.query('select 3 as c');
      expect(smallCache.texts()).toEqual(['select 1 as a', 'select 3 as c']);
      // The evicted statement was closed with the message that prepared its successor.
      expect((await preparedTexts(small)).sort()).toEqual(['select 1 as a', 'select 3 as c']);
      await expect(small.query('select 2 as b')).resolves.toMatchObject({ rows: [{ b: 2 }] });
      await small.close();
      await expect(small.query('select $1::int as n', [1])).rejects.toThrow(/closed/i);
    } finally {
      if (!small.closed) await small.close();
    }
  });

  it('runs long statements, and those with parameter types given, unprepared', async () => {
    const table = await readingsTable();
    const long = `select length('${'x'.repeat(9000)}' || label) as n from ${table} where id = $1`;
    expect((await cached.query(long, [1])).rows).toEqual([{ n: 9005 }]);
    const typed = `select label from ${table} where id = $1`;
    expect((await cached.query(typed, ['1'], { paramTypes: [types.INT4] })).rows).toEqual([
      { label: 'first' },
    ]);
    expect(ownTexts(table)).toEqual([]);
    expect((await preparedTexts(cached)).filter((text) => text.includes(table))).toEqual([]);
  });

  it('fails as PGlite fails, naming the statement but not its values, and goes on', async () => {
    const table = await readingsTable();
    const insert = `insert into ${table} (id, label, taken) values ($1, $2, now())`;
    const failure = await cached.query(insert, [1, 'secret label']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '23505', query: insert });
    expect((failure as { params?: unknown }).params).toBeUndefined();
    expect(JSON.stringify(failure)).not.toContain('secret label');
    const missing = `select * from no_such_table where id = $1 and '${table}' <> ''`;
    await expect(cached.query(missing, [1])).rejects.toMatchObject({ code: '42P01', query: missing });
    expect(ownTexts(table)).toEqual([insert]);
    await cached.query(insert, [5, 'fine']);
    expect((await cached.query(`select label from ${table} where id = $1`, [5])).rows).toEqual([
      { label: 'fine' },
    ]);
  });

  it('prepares the statements of a transaction, and a failure in one rolls it all back', async () => {
    const table = await readingsTable();
    const insert = `insert into ${table} (id, taken) values ($1, now())`;
    const count = `select count(*)::int as n from ${table} where id >= $1`;
    await expect(
      cached.transaction(async (transaction) => {
        await transaction.query(insert, [10]);
        await transaction.query(insert, [10]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(ownTexts(table)).toEqual([insert]);
    expect((await cached.query(count, [10])).rows).toEqual([{ n: 0 }]);
    await cached.transaction(async (transaction) => {
      await transaction.query(insert, [11]);
      await transaction.query(insert, [12]);
    });
    expect((await cached.query(count, [10])).rows).toEqual([{ n: 2 }]);
  });

  it('waits for a transaction in progress instead of running inside it', async () => {
    const table = await readingsTable();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted: () => void = () => undefined;
    const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = cached
      .transaction(async (transaction) => {
        await transaction.query(`insert into ${table} (id, taken) values ($1, now())`, [20]);
        inserted();
        await held;
        throw new Error('roll back');
      })
      .catch((error: unknown) => error);
    await insertedOnce;
    const counted = cached.query(`select count(*)::int as n from ${table} where id = $1`, [20]);
    release();
    expect(await rolledBack).toMatchObject({ message: 'roll back' });
    // Run inside the transaction, the count would have seen the uncommitted row.
    expect((await counted).rows).toEqual([{ n: 0 }]);
  });

  it('refuses a transaction used after it closed, as PGlite does', async () => {
    let kept: { query: (text: string) => Promise<unknown> } | undefined;
    await cached.transaction(async (transaction) => {
      kept = transaction;
      await transaction.query('select 1');
    });
    await expect(kept?.query('select 1')).rejects.toThrow('Transaction is closed');
  });

  it('prepares a statement again after its table changed under it', async () => {
    const table = await readingsTable();
    const text = `select * from ${table} where id = $1`;
    expect(Object.keys((await cached.query<object>(text, [1])).rows[0] ?? {})).not.toContain('note');
    await cached.exec(`alter table ${table} add column note text`);
    expect(Object.keys((await cached.query<object>(text, [1])).rows[0] ?? {})).toContain('note');
    expect((await preparedTexts(cached)).filter((statement) => statement === text)).toHaveLength(1);
    // Inside a transaction the change fails the statement (and so the transaction), once.
    await cached.exec(`alter table ${table} add column other text`);
    await expect(cached.transaction((transaction) => transaction.query(text, [1]))).rejects.toMatchObject({
      code: '0A000',
    });
    expect(Object.keys((await cached.query<object>(text, [1])).rows[0] ?? {})).toContain('other');
  });
});
