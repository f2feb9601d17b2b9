import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databaseBackends, openTestDatabase } from '@tidepool/kit/testing';
import { rawTextRows, resultRows } from './result-rows.js';
import { migrationsFolder } from '../testing/data-fixture.js';
import { schema } from './schema.js';

describe.each(databaseBackends())('rows of a raw select on %s', (backend) => {
  const query = sql`select ${'ü-text'}::text as "text", null::text as "missing", 1.5::float8 as "number"
    from generate_series(1, 2)`;

  it('answers the texts as bytes under postgres.js, nothing under PGlite, and the same rows as values', async () => {
    await using database = await openTestDatabase(backend, { schema, migrationsFolder });
    const raw = await rawTextRows(database.db, query);
    if (backend === 'pglite') {
      expect(raw).toBeUndefined();
    } else {
      expect(raw).toEqual([
        [Buffer.from('ü-text'), null, Buffer.from('1.5')],
        [Buffer.from('ü-text'), null, Buffer.from('1.5')],
      ]);
    }
    expect(resultRows(await database.db.execute(query))).toEqual([
      { text: 'ü-text', missing: null, number: 1.5 },
      { text: 'ü-text', missing: null, number: 1.5 },
    ]);
  });
});
