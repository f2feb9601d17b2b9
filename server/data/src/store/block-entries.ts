/** Reading data in time order from the time-indexed reading blocks themselves (formats 2 and 3), without a row a datum. */
import { sql, type SQL } from 'drizzle-orm';
import { DecryptionError, type Database, type RecordCipher } from '@tidepool/kit';
import { readingBlocks, sources, type DataSchema } from '../db/schema.js';
import { rawTextRows, resultRows } from '../db/result-rows.js';
import { utcText, type DataFilter } from './data-pages.js';
import { compareEntries, openJsonText, withIntegrityCheck, type DatumEntry } from './datum-codec.js';
import {
  blockAssociatedData,
  parseEntryLine,
  ROWLESS_FORMAT,
  TIME_INDEXED_FORMAT,
} from './reading-blocks.js';

/** Blocks opened per read: 32 days of CGM, about 9000 readings and 600 kB of plaintext. */
const BLOCKS_PER_READ = 32;
/** Blocks opened per read of `latest`: the newest block of a type usually holds the answer. */
const LATEST_BLOCKS_PER_READ = 2;

/** A time-indexed block as a read finds it: its clear columns (times as `utcText`) and its envelope. */
export interface StoredBlock {
  readonly storageName: string;
  readonly id: string;
  readonly sourceId: number;
  readonly sourceKey: string | null;
  readonly type: string;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly createdTime: string;
  readonly readings: Uint8Array;
}

/** Which entries of the blocks read a query answers: those of its types, subTypes and time range. */
export function entryMatcher(
  filter: DataFilter,
): (entry: Pick<DatumEntry, 'type' | 'subType' | 'time'>) => boolean {
  const types = filter.types === undefined ? undefined : new Set(filter.types);
  const subTypes = filter.subTypes === undefined ? undefined : new Set(filter.subTypes);
  const start = filter.start?.toISOString();
  const end = filter.end?.toISOString();
  return (entry) =>
    (types === undefined || types.has(entry.type)) &&
    (subTypes === undefined || (entry.subType !== null && subTypes.has(entry.subType))) &&
    (start === undefined || entry.time >= start) &&
    (end === undefined || entry.time <= end);
}

/**
 * The time-indexed blocks that may hold data matching `filter`, in the order of their first time
 * (then id), keyset-paged: one yield a read of `BLOCKS_PER_READ` blocks, no transaction held. The
 * next read is asked for while the consumer works on this one (the database's time overlaps the
 * answer's writing), so memory holds two reads at most.
 */
export async function* readBlocks(
  db: Database<DataSchema>,
  filter: DataFilter,
): AsyncGenerator<StoredBlock[], void, undefined> {
  // An empty list matches nothing (and `in ()` is no SQL).
  if (filter.sourceIds?.length === 0 || filter.types?.length === 0 || filter.subTypes?.length === 0) return;
  const read = (after?: { firstTime: string; id: string }) => selectBlocks(db, blockQuery(filter, after));
  let next = read();
  for (;;) {
    const blocks = await next;
    const last = blocks.at(-1);
    const more = last !== undefined && blocks.length === BLOCKS_PER_READ;
    if (more) {
      next = read({ firstTime: last.firstTime, id: last.id });
      // Awaited by the next turn; a consumer that stops before it must not leave it unhandled.
      next.catch(() => undefined);
    }
    if (blocks.length > 0) yield blocks;
    if (!more) return;
  }
}

/**
 * The entries of the time-indexed blocks matching `filter`, sorted by time then id, in pages. Blocks
 * are read in the order of their first time, keyset-paged (`readBlocks`); an entry is answered
 * once no block left to read can hold an earlier one (each starts at or after the last block
 * read). Memory holds a read's blocks and the entries not answered yet.
 *
 * A block's clear columns only choose which blocks are read: each entry is checked against them
 * (its type, its time within the block's span), and the envelope is bound to the storage name,
 * the block id and the source's key, so a block moved to another user or source fails to open.
 */
export async function* readBlockEntries(
  db: Database<DataSchema>,
  cipher: RecordCipher,
  filter: DataFilter,
): AsyncGenerator<DatumEntry[], void, undefined> {
  const matches = entryMatcher(filter);
  let pending: DatumEntry[] = [];
  for await (const blocks of readBlocks(db, filter)) {
    for (const block of blocks) {
      for (const entry of blockEntries(cipher, block)) if (matches(entry)) pending.push(entry);
    }
    pending.sort(compareEntries);
    // Blocks left to read start at or after the last one read: entries before it are answered.
    const frontier = blocks.at(-1)?.firstTime ?? '';
    const cut = pending.findIndex((entry) => entry.time >= frontier);
    const ready = cut < 0 ? pending : pending.slice(0, cut);
    pending = cut < 0 ? [] : pending.slice(cut);
    if (ready.length > 0) yield ready;
  }
  if (pending.length > 0) yield pending;
}

/** The blocks of `formats` that may hold data matching `filter` (as `entryMatcher` then checks their entries). */
function blockConditions(filter: DataFilter, formats: SQL): SQL[] {
  const where: SQL[] = [sql`b.storage_name in ${filter.storageNames}`, formats];
  if (filter.types !== undefined) where.push(sql`b.type in ${filter.types}`);
  if (filter.sourceIds !== undefined) where.push(sql`b.source_id in ${filter.sourceIds}`);
  if (filter.start !== undefined) {
    // A block spans at most one UTC day: the bound on first_time lets the index narrow the read.
    const start = filter.start.toISOString();
    where.push(sql`b.last_time >= ${start}::timestamptz`);
    where.push(sql`b.first_time >= ${start}::timestamptz - interval '1 day'`);
  }
  if (filter.end !== undefined) where.push(sql`b.first_time <= ${filter.end.toISOString()}::timestamptz`);
  return where;
}

/**
 * The columns of a `StoredBlock`, each under its name. The envelope comes as base64 text: as bytea
 * it would come as hex, twice its size, decoded on the way.
 */
const BLOCK_COLUMNS: Readonly<Record<keyof StoredBlock, SQL>> = {
  storageName: sql`b.storage_name`,
  id: sql`b.id`,
  sourceId: sql`b.source_id::float8`,
  sourceKey: sql`s.source_key`,
  type: sql`b.type`,
  firstTime: utcText(sql`b.first_time`),
  lastTime: utcText(sql`b.last_time`),
  createdTime: utcText(sql`b.created_time`),
  readings: sql`encode(b.readings, 'base64')`,
};
const BLOCK_COLUMN_NAMES = Object.keys(BLOCK_COLUMNS) as (keyof StoredBlock)[];
const blockColumns = sql.join(
  BLOCK_COLUMN_NAMES.map((name) => sql`${BLOCK_COLUMNS[name]} as ${sql.identifier(name)}`),
  sql`, `,
);

/**
 * The blocks a `select ${blockColumns}` answers, their envelopes decoded.
 *
 * Under postgres.js the values come as the bytes read off the socket (`rawTextRows`), not as
 * strings: an envelope's base64 text is tens of kilobytes, and the 32 of a read, as strings,
 * stayed in V8's young generation while the rest of the read arrived and were copied at every
 * scavenge (server/data/README.md, "Performance"). The text decoded from them for base64 is let
 * go at once.
 */
async function selectBlocks(db: Database<DataSchema>, query: SQL): Promise<StoredBlock[]> {
  const raw = await rawTextRows(db, query);
  if (raw === undefined) return resultRows<Record<string, unknown>>(await db.execute(query)).map(storedBlock);
  // One row at a time, so that no more than one envelope's text is held.
  return raw.map((values) =>
    storedBlock(
      Object.fromEntries(
        BLOCK_COLUMN_NAMES.map((name, index) => [name, values[index]?.toString('utf8') ?? null]),
      ),
    ),
  );
}

/** A block from its columns by name, as `blockColumns` selects them. */
function storedBlock(row: Record<string, unknown>): StoredBlock {
  const text = (name: keyof StoredBlock) => {
    const value = row[name];
    if (typeof value !== 'string') throw new TypeError(`A reading block's ${name} is not text.`);
    return value;
  };
  return {
    storageName: text('storageName'),
    id: text('id'),
    sourceId: Number(row.sourceId),
    // A block whose source row is gone (a left join).
    sourceKey: row.sourceKey === null ? null : text('sourceKey'),
    type: text('type'),
    firstTime: text('firstTime'),
    lastTime: text('lastTime'),
    createdTime: text('createdTime'),
    readings: Buffer.from(text('readings'), 'base64'),
  };
}

function blockQuery(filter: DataFilter, after: { firstTime: string; id: string } | undefined): SQL {
  const where = blockConditions(filter, sql`b.format >= ${TIME_INDEXED_FORMAT}`);
  if (after !== undefined) {
    where.push(sql`(b.first_time, b.id) > (${after.firstTime}::timestamptz, ${after.id})`);
  }
  return sql`select ${blockColumns}
    from ${readingBlocks} b left join ${sources} s on s.id = b.source_id
    where ${sql.join(where, sql` and `)}
    order by b.first_time, b.id limit ${BLOCKS_PER_READ}`;
}

/**
 * The newest entry of each type (then the greatest id) among the rowless blocks matching
 * `filter`; data with rows are the rows' to answer (`readLatestRows`). Per type, blocks are read
 * newest last time first, `LATEST_BLOCKS_PER_READ` at a time, until none left can hold a newer
 * entry than the one found.
 */
export async function readLatestBlockEntries(
  db: Database<DataSchema>,
  cipher: RecordCipher,
  filter: DataFilter,
): Promise<DatumEntry[]> {
  if (filter.sourceIds?.length === 0 || filter.types?.length === 0 || filter.subTypes?.length === 0)
    return [];
  const rowless = sql`b.format = ${ROWLESS_FORMAT}`;
  const types =
    filter.types ??
    resultRows<{ type: string }>(
      await db.execute(sql`select distinct b.type as "type" from ${readingBlocks} b
        where ${sql.join(blockConditions(filter, rowless), sql` and `)}`),
    ).map((row) => row.type);
  const matches = entryMatcher(filter);
  const latest: DatumEntry[] = [];
  for (const type of types) {
    let newest: DatumEntry | undefined;
    let after: { lastTime: string; id: string } | undefined;
    reads: for (;;) {
      const where = [...blockConditions({ ...filter, types: [type] }, rowless)];
      if (after !== undefined) {
        where.push(sql`(b.last_time, b.id) < (${after.lastTime}::timestamptz, ${after.id})`);
      }
      const blocks = await selectBlocks(
        db,
        sql`select ${blockColumns}
          from ${readingBlocks} b left join ${sources} s on s.id = b.source_id
          where ${sql.join(where, sql` and `)}
          order by b.last_time desc, b.id desc limit ${LATEST_BLOCKS_PER_READ}`,
      );
      for (const block of blocks) {
        // Blocks left end at or before this one: none holds anything newer than `newest`.
        if (newest !== undefined && block.lastTime < newest.time) break reads;
        for (const entry of blockEntries(cipher, block)) {
          if (matches(entry) && (newest === undefined || compareEntries(entry, newest) > 0)) newest = entry;
        }
      }
      const last = blocks.at(-1);
      if (last === undefined || blocks.length < LATEST_BLOCKS_PER_READ) break;
      after = { lastTime: last.lastTime, id: last.id };
    }
    if (newest !== undefined) latest.push(newest);
  }
  return latest;
}

/** Opens a block into its entries, each checked against the block's clear columns. */
export function blockEntries(cipher: RecordCipher, block: StoredBlock): DatumEntry[] {
  return withIntegrityCheck(() => {
    const envelope = Buffer.isBuffer(block.readings)
      ? block.readings
      : Buffer.from(block.readings.buffer, block.readings.byteOffset, block.readings.byteLength);
    // A block whose source row is gone opens under no key: it fails as altered.
    const associatedData = blockAssociatedData(block.storageName, block.id, block.sourceKey ?? '');
    const lines = openJsonText(cipher, envelope, associatedData).split('\n');
    return lines.map((line): DatumEntry => {
      const entry = parseEntryLine(line);
      if (entry?.type !== block.type || entry.time < block.firstTime || entry.time > block.lastTime) {
        throw new DecryptionError(
          'authentication-failed',
          'A reading block does not match its clear columns.',
        );
      }
      return {
        storageName: block.storageName,
        id: entry.id,
        type: entry.type,
        subType: entry.subType,
        time: entry.time,
        createdTime: block.createdTime,
        sourceId: block.sourceId,
        members: entry.members,
        identity: null,
        identityInRow: entry.identified,
      };
    });
  });
}
