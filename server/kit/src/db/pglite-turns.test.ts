import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareEventLoop } from './pglite-turns.js';

/** Runs `statements` one after the other, as a transaction's statements run; tells whether a timer set at the start fired before the last one ended. */
async function timerFiresDuring(client: PGlite, statements: number): Promise<boolean> {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
  }, 0);
  try {
    await client.transaction(async (transaction) => {
      for (let index = 0; index < statements; index += 1) {
        await transaction.query('select count(*) from generate_series(1, 1000)');
      }
    });
    return fired;
  } finally {
    clearTimeout(timer);
  }
}

describe('shareEventLoop', () => {
  let plain: PGlite;
  let sharing: PGlite;
  beforeAll(async () => {
    [plain, sharing] = await Promise.all([PGlite.create(), PGlite.create()]);
    // A slice of 0: the loop turns before every protocol message, whatever the machine's speed.
    shareEventLoop(sharing, 0);
  });
  afterAll(async () => {
    await Promise.all([plain.close(), sharing.close()]);
  });

  it('lets timers run between the statements of a transaction', async () => {
    expect(await timerFiresDuring(sharing, 20)).toBe(true);
  });

  it('is what makes the difference: without it, PGlite keeps the loop until the transaction ends', async () => {
    expect(await timerFiresDuring(plain, 20)).toBe(false);
  });

  it('keeps answers, errors and the transaction as they were', async () => {
    const answer = await sharing.query<{ n: number }>('select $1::int + 1 as n', [41]);
    expect(answer.rows).toEqual([{ n: 42 }]);
    await expect(sharing.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
    await sharing.exec('create table kept (id int primary key)');
    await expect(
      sharing.transaction(async (transaction) => {
        await transaction.query('insert into kept values (1)');
        await transaction.query('insert into kept values (1)');
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await sharing.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 0 }]);
  });
});
