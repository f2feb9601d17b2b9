/** The rows of a raw `db.execute(sql…)`, whichever driver answered. */

/**
 * postgres-js answers the rows as an array, PGlite as `{ rows }`: the one place that knows.
 *
 * @example const [first] = resultRows<{ stored: number }>(await db.execute(sql`select 1 as stored`));
 */
export function resultRows<Row>(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}
