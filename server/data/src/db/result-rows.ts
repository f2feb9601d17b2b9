/** The rows of a raw select (`db.execute(sql…)`), whichever driver answered. */
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * postgres-js answers the rows as an array, PGlite as `{ rows }`: the one place that knows.
 *
 * @example const [first] = resultRows<{ stored: number }>(await db.execute(sql`select 1 as stored`));
 */
export function resultRows<Row>(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

/** What `rawTextRows` uses of postgres.js's client: Drizzle's `db.$client` when postgres.js is its driver. */
interface PostgresJsClient {
  unsafe(query: string, parameters: unknown[]): { raw(): PromiseLike<(Buffer | null)[][]> };
}

const dialect = new PgDialect();

/**
 * The rows of `query` under postgres.js, each an array of its values in the order of the select
 * list, every value the bytes of its text as they came off the socket (null for NULL): no string
 * is made of them. Undefined under PGlite, whose rows come as values (`resultRows`).
 */
export async function rawTextRows(
  db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>,
  query: SQL,
): Promise<(Buffer | null)[][] | undefined> {
  const client = (db as { $client?: unknown }).$client;
  if (!isPostgresJs(client)) return undefined;
  const { sql, params } = dialect.sqlToQuery(query);
  return await client.unsafe(sql, params).raw();
}

function isPostgresJs(client: unknown): client is PostgresJsClient {
  return (
    typeof client === 'object' &&
    client !== null &&
    typeof (client as { unsafe?: unknown }).unsafe === 'function'
  );
}
