/** Reading data in time order from the reading blocks themselves (format 2), without a row a datum. */
import { sql, type SQL } from 'drizzle-orm';
import { DecryptionError, type Database, type RecordCipher } from '@tidepool/kit';
import { readingBlocks, sources, type DataSchema } from '../db/schema.js';
import { resultRows } from '../db/result-rows.js';
import { utcText, type DataFilter } from './data-pages.js';
import { compareEntries, openJsonText, withIntegrityCheck, type DatumEntry } from './datum-codec.js';
import { blockAssociatedData, CURRENT_BLOCK_FORMAT, parseEntryLine } from './reading-blocks.js';

/** Blocks opened per read: 32 days of CGM, about 9000 readings and 600 kB of plaintext. */
const BLOCKS_PER_READ = 32;

interface BlockRow {
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

/**
 * The entries of the format-2 blocks matching `filter`, sorted by time then id, in pages. Blocks
 * are read in the order of their first time, keyset-paged, `BLOCKS_PER_READ` at a time; an entry
 * is answered once no block left to read can hold an earlier one (each starts at or after the
 * last block read). Memory holds one read's blocks and the entries not answered yet.
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
  // An empty list matches nothing (and `in ()` is no SQL).
  if (filter.sourceIds?.length === 0 || filter.types?.length === 0 || filter.subTypes?.length === 0) return;
  const types = filter.types === undefined ? undefined : new Set(filter.types);
  const subTypes = filter.subTypes === undefined ? undefined : new Set(filter.subTypes);
  const start = filter.start?.toISOString();
  const end = filter.end?.toISOString();
  let pending: DatumEntry[] = [];
  let after: { firstTime: string; id: string } | undefined;
  for (;;) {
    const blocks = resultRows<BlockRow>(await db.execute(blockQuery(filter, after)));
    for (const block of blocks) {
      for (const entry of blockEntries(cipher, block)) {
        if (types !== undefined && !types.has(entry.type)) continue;
        if (subTypes !== undefined && (entry.subType === null || !subTypes.has(entry.subType))) continue;
        if ((start !== undefined && entry.time < start) || (end !== undefined && entry.time > end)) continue;
        pending.push(entry);
      }
    }
    const last = blocks.at(-1);
    const complete = last === undefined || blocks.length < BLOCKS_PER_READ;
    pending.sort(compareEntries);
    let ready = pending;
    if (complete) pending = [];
    else {
      const frontier = last.firstTime;
      const cut = pending.findIndex((entry) => entry.time >= frontier);
      ready = cut < 0 ? pending : pending.slice(0, cut);
      pending = cut < 0 ? [] : pending.slice(cut);
    }
    if (ready.length > 0) yield ready;
    if (complete) return;
    after = { firstTime: last.firstTime, id: last.id };
  }
}

function blockQuery(filter: DataFilter, after: { firstTime: string; id: string } | undefined): SQL {
  const where: SQL[] = [
    sql`b.storage_name in ${filter.storageNames}`,
    sql`b.format = ${CURRENT_BLOCK_FORMAT}`,
  ];
  if (filter.types !== undefined) where.push(sql`b.type in ${filter.types}`);
  if (filter.sourceIds !== undefined) where.push(sql`b.source_id in ${filter.sourceIds}`);
  if (filter.start !== undefined) {
    // A block spans at most one UTC day: the bound on first_time lets the index narrow the read.
    const start = filter.start.toISOString();
    where.push(sql`b.last_time >= ${start}::timestamptz`);
    where.push(sql`b.first_time >= ${start}::timestamptz - interval '1 day'`);
  }
  if (filter.end !== undefined) where.push(sql`b.first_time <= ${filter.end.toISOString()}::timestamptz`);
  if (after !== undefined) {
    where.push(sql`(b.first_time, b.id) > (${after.firstTime}::timestamptz, ${after.id})`);
  }
  return sql`select b.storage_name as "storageName", b.id as "id", b.source_id::float8 as "sourceId",
      s.source_key as "sourceKey", b.type as "type", ${utcText(sql`b.first_time`)} as "firstTime",
      ${utcText(sql`b.last_time`)} as "lastTime", ${utcText(sql`b.created_time`)} as "createdTime",
      b.readings as "readings"
    from ${readingBlocks} b left join ${sources} s on s.id = b.source_id
    where ${sql.join(where, sql` and `)}
    order by b.first_time, b.id limit ${BLOCKS_PER_READ}`;
}

/** Opens a block into its entries, each checked against the block's clear columns. */
function blockEntries(cipher: RecordCipher, block: BlockRow): DatumEntry[] {
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
