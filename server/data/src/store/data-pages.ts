/** Reading a user's data in time order, a page at a time (keyset pagination), so no result sits whole in memory. */
import { and, asc, desc, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@tidepool/kit';
import { data, type DataSchema } from '../db/schema.js';
import { resultRows } from '../db/result-rows.js';
import type { DatumRow } from './datum-codec.js';

/** Which rows: each field narrows, all combined with AND. */
export interface DataFilter {
  readonly storageNames: readonly string[];
  readonly types?: readonly string[] | undefined;
  readonly subTypes?: readonly string[] | undefined;
  readonly start?: Date | undefined;
  readonly end?: Date | undefined;
  /** Only rows of these sources (deviceId/uploadId filters); undefined: any source. */
  readonly sourceIds?: readonly number[] | undefined;
  /** Only rows stored before time-indexed blocks (their own index keeps these reads cheap). */
  readonly legacyOnly?: boolean | undefined;
}

/**
 * A timestamp as the JSON of a datum writes it (`2024-05-01T08:30:00.000Z`), formatted by the
 * database: the rows go straight into JSON text without a Date each.
 */
export function utcText(column: AnyPgColumn | SQL) {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The columns of a `DatumRow`. */
export const rowColumns = {
  storageName: data.storageName,
  id: data.id,
  type: data.type,
  subType: data.subType,
  time: utcText(data.time),
  createdTime: utcText(data.createdTime),
  sourceId: data.sourceId,
  readings: data.readings,
  blockId: data.blockId,
  blockIndex: data.blockIndex,
  identity: data.identity,
};

/**
 * `rowColumns` as raw SQL: a page is tens of thousands of rows, and mapping each through the
 * query builder cost more than the whole decryption. `source_id` comes as a float8 so that both
 * drivers answer a number (the ids stay far below 2^53).
 */
function pageColumns(storageNames: readonly string[]) {
  // The position of the row's storage name among the filter's rather than 64 characters a row.
  const storageIndex = sql.join(
    storageNames.map((name, index) => sql`when ${name} then ${sql.raw(String(index))}`),
    sql` `,
  );
  return sql`case ${data.storageName} ${storageIndex} end as "storageIndex", ${data.id} as "id", ${data.type} as "type",
  ${data.subType} as "subType", ${utcText(data.time)} as "time", ${utcText(data.createdTime)} as "createdTime",
  ${data.sourceId}::float8 as "sourceId", ${data.readings} as "readings", ${data.blockId} as "blockId",
  ${data.blockIndex} as "blockIndex", ${data.identity} as "identity"`;
}

type PageRow = Omit<DatumRow, 'storageName'> & { storageIndex: number; storageName?: string };

/**
 * A raw row as a `DatumRow`, completed in place (a new object a row is garbage a query makes
 * tens of thousands of): its storage name, and bytea as a Buffer (PGlite answers Uint8Array).
 */
function toDatumRow(storageNames: readonly string[], row: PageRow): DatumRow {
  const asBuffer = (value: Uint8Array | null) =>
    value === null || Buffer.isBuffer(value)
      ? value
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const storageName = storageNames[row.storageIndex] ?? '';
  if (row.readings !== null || row.identity !== null) {
    return { ...row, storageName, readings: asBuffer(row.readings), identity: asBuffer(row.identity) };
  }
  row.storageName = storageName;
  return row as DatumRow;
}

function conditions(filter: DataFilter): SQL[] {
  const where: SQL[] = [inArray(data.storageName, [...filter.storageNames])];
  if (filter.types !== undefined) where.push(inArray(data.type, [...filter.types]));
  if (filter.subTypes !== undefined) where.push(inArray(data.subType, [...filter.subTypes]));
  if (filter.start !== undefined) where.push(gte(data.time, filter.start));
  if (filter.end !== undefined) where.push(lte(data.time, filter.end));
  if (filter.sourceIds !== undefined) where.push(inArray(data.sourceId, [...filter.sourceIds]));
  if (filter.legacyOnly === true) where.push(sql`${data.legacy}`);
  return where;
}

/**
 * The matching rows sorted by time (then id), in pages of `pageSize`. Each page starts after the
 * last row of the one before (`(time, id) > (…)`, served by the `(storage_name, time, id)`
 * index of legacy rows: use `legacyOnly`, other data are read from their blocks), so every page costs the same however deep the read is, and no connection or
 * transaction is held between pages. Rows stored while the read runs may or may not appear.
 */
export async function* readDataPages(
  db: Database<DataSchema>,
  filter: DataFilter,
  pageSize: number,
): AsyncGenerator<DatumRow[], void, undefined> {
  if (filter.sourceIds?.length === 0) return;
  let after: { time: string; id: string } | undefined;
  for (;;) {
    const where = conditions(filter);
    if (after !== undefined)
      where.push(sql`(${data.time}, ${data.id}) > (${after.time}::timestamptz, ${after.id})`);
    const page = resultRows<PageRow>(
      await db.execute(sql`select ${pageColumns(filter.storageNames)} from ${data} where ${and(...where)}
        order by ${data.time}, ${data.id} limit ${pageSize}`),
    ).map((row) => toDatumRow(filter.storageNames, row));
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return;
    after = { time: last.time, id: last.id };
  }
}

/** The newest matching row of each type, sorted by time: Tidepool's `latest=true`. */
export async function readLatestRows(db: Database<DataSchema>, filter: DataFilter): Promise<DatumRow[]> {
  if (filter.sourceIds?.length === 0) return [];
  const rows = await db
    .selectDistinctOn([data.type], rowColumns)
    .from(data)
    .where(and(...conditions(filter)))
    .orderBy(asc(data.type), desc(data.time), desc(data.id));
  // ISO texts of one length in UTC sort as their instants do.
  return rows.sort((left, right) => left.time.localeCompare(right.time) || left.id.localeCompare(right.id));
}
