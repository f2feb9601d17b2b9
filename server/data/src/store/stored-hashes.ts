/**
 * Which data of an upload are already stored: deduplication by content hash (DESIGN.md §6). Data
 * with identifying fields have rows, whose primary key holds their hashes; plain readings are
 * only in rowless blocks (format 3), which carry the hashes of their entries.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import { datumParts } from '../datum/datum-parts.js';
import { data, type DataSchema } from '../db/schema.js';
import { resultRows } from '../db/result-rows.js';
import type { UserDataKeys, VersionKeys } from '../keys/user-data-keys.js';
import type { PreparedDatum } from './data-rows.js';
import { ROWLESS_FORMAT, TIME_INDEXED_FORMAT } from './reading-blocks.js';

/** Ids per lookup of hashes stored in rows. */
const IDS_PER_LOOKUP = 5000;
/** Bytes of an id in a block's `entry_ids`: a SHA-256 HMAC. */
export const ENTRY_ID_BYTES = 32;

/** The `entry_ids` of a rowless block: the hex ids of its members as bytes, in entry order. */
export function entryIds(members: readonly PreparedDatum[]): Buffer {
  const ids = Buffer.alloc(members.length * ENTRY_ID_BYTES);
  members.forEach((datum, index) => {
    if (ids.write(datum.id, index * ENTRY_ID_BYTES, 'hex') !== ENTRY_ID_BYTES) {
      throw new Error('A datum id is not a 32-byte hex hash.');
    }
  });
  return ids;
}

/** The ids of `datums` under `version` (its own lookup key), each mapped to the datum's current id. */
function idsUnder(keys: UserDataKeys, version: VersionKeys, datums: Iterable<PreparedDatum>) {
  const currentIdByVersionId = new Map<string, string>();
  for (const datum of datums) {
    const versionId =
      version === keys.current ? datum.id : version.lookup('datum', datumParts(datum.datum).canonical);
    currentIdByVersionId.set(versionId, datum.id);
  }
  return currentIdByVersionId;
}

/**
 * The current ids of `datums` stored in rows under `versions` (the storage name of each with
 * that version's hash): one lookup of `IDS_PER_LOOKUP` ids a statement.
 */
export async function storedInRows(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  versions: readonly VersionKeys[],
  datums: readonly PreparedDatum[],
): Promise<Set<string>> {
  const stored = new Set<string>();
  if (datums.length === 0) return stored;
  for (const version of versions) {
    const currentIdByVersionId = idsUnder(keys, version, datums);
    const versionIds = [...currentIdByVersionId.keys()];
    for (let start = 0; start < versionIds.length; start += IDS_PER_LOOKUP) {
      // One JSON parameter rather than thousands of bound ones (as the INSERT does).
      const ids = JSON.stringify(versionIds.slice(start, start + IDS_PER_LOOKUP));
      const found = await db
        .select({ id: data.id })
        .from(data)
        .where(
          and(
            eq(data.storageName, version.storageName),
            sql`${data.id} in (select json_array_elements_text(${ids}::json))`,
          ),
        );
      for (const row of found) {
        const currentId = currentIdByVersionId.get(row.id);
        if (currentId !== undefined) stored.add(currentId);
      }
    }
  }
  return stored;
}

interface OverlappingBlock {
  readonly storageName: string;
  readonly format: number;
  readonly type: string;
  readonly entryIds: Uint8Array | null;
}

/**
 * The current ids of the plain readings `datums` already stored under any salt version. A
 * duplicate has the same type and time (both are in the hash), so only the time-indexed blocks
 * of those types whose spans meet the upload's are looked at (index `(storage_name,
 * first_time)`; a block spans at most a UTC day): rowless ones by their `entry_ids`; when a
 * format-2 block of a type meets it, the rows stored with such blocks (before rowless blocks)
 * are looked up for the data of that type, and so are rows stored before blocks (`legacy`) in
 * that span. An upload of new data thus costs two indexed probes.
 */
export async function storedPlain(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  datums: readonly PreparedDatum[],
): Promise<Set<string>> {
  const stored = new Set<string>();
  const [first] = datums;
  if (first === undefined) return stored;
  let [earliest, latest] = [first.parts.time, first.parts.time];
  const types = new Set<string>();
  for (const datum of datums) {
    // UTC ISO texts of one form sort as their instants.
    if (datum.parts.time < earliest) earliest = datum.parts.time;
    if (datum.parts.time > latest) latest = datum.parts.time;
    types.add(datum.parts.type);
  }
  const storageNames = keys.storageNames;
  const [blocks, legacy] = await Promise.all([
    db.execute(sql`select storage_name as "storageName", format, type, entry_ids as "entryIds"
      from reading_blocks
      where storage_name in ${storageNames} and format >= ${TIME_INDEXED_FORMAT} and type in ${[...types]}
        and first_time <= ${latest}::timestamptz and last_time >= ${earliest}::timestamptz
        and first_time >= ${earliest}::timestamptz - interval '1 day'`),
    db.execute(sql`select 1 from ${data} where ${data.storageName} in ${storageNames} and ${data.legacy}
      and ${data.time} between ${earliest}::timestamptz and ${latest}::timestamptz limit 1`),
  ]);

  const blockIds = new Map<string, Set<string>>();
  const typesWithRows = new Set<string>();
  for (const block of resultRows<OverlappingBlock>(blocks)) {
    if (block.format !== ROWLESS_FORMAT || block.entryIds === null) {
      typesWithRows.add(block.type);
      continue;
    }
    const hex = Buffer.from(
      block.entryIds.buffer,
      block.entryIds.byteOffset,
      block.entryIds.byteLength,
    ).toString('hex');
    let ids = blockIds.get(block.storageName);
    if (ids === undefined) blockIds.set(block.storageName, (ids = new Set()));
    for (let start = 0; start < hex.length; start += 2 * ENTRY_ID_BYTES) {
      ids.add(hex.slice(start, start + 2 * ENTRY_ID_BYTES));
    }
  }
  for (const version of keys.versions) {
    const ids = blockIds.get(version.storageName);
    if (ids === undefined) continue;
    for (const [versionId, currentId] of idsUnder(keys, version, datums)) {
      if (ids.has(versionId)) stored.add(currentId);
    }
  }

  const anyLegacy = resultRows(legacy).length > 0;
  const inRows = datums.filter(
    (datum) => !stored.has(datum.id) && (anyLegacy || typesWithRows.has(datum.parts.type)),
  );
  for (const id of await storedInRows(db, keys, keys.versions, inRows)) stored.add(id);
  return stored;
}
