/** Storing an upload: all or nothing, deduplicated by content hash, readings sealed in blocks, rows in batched multi-row INSERTs. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, RecordCipher } from '@tidepool/kit';
import type { Datum, UploadResult } from '@tidepool/spec';
import { data, readingBlocks, sources, type DataSchema } from '../db/schema.js';
import { datumParts, type DatumParts } from '../datum/datum-parts.js';
import { resultRows } from '../db/result-rows.js';
import type { UserDataKeys, VersionKeys } from '../keys/user-data-keys.js';
import { sealIdentity } from './datum-codec.js';
import {
  blockEntryKey,
  blockGroup,
  CURRENT_BLOCK_FORMAT,
  newBlockId,
  sealBlock,
  type BlockEntryInput,
} from './reading-blocks.js';
import { sourceAssociatedData, sourceKeys, sourceText, type SourceIdentity } from './sources.js';

/** Rows per INSERT: one JSON parameter of a few hundred bytes a row. */
const ROWS_PER_INSERT = 5000;
/** Block rows per INSERT (five parameters each, far below PostgreSQL's 65535). */
const BLOCKS_PER_INSERT = 1000;
/** Ids per lookup of hashes already stored. */
const IDS_PER_LOOKUP = 5000;

interface PreparedDatum {
  readonly parts: DatumParts;
  readonly id: string;
  readonly sourceKey: string;
}

/** A datum's place: its block and its entry in it. */
interface Placement {
  readonly blockId: string;
  readonly blockIndex: number;
}

/**
 * Stores `input` for the user whose keys are `keys`, in one transaction. A datum whose content
 * hash is already stored (under any salt version) or repeated within the request is counted as
 * a duplicate and stored once. Crypto per datum: one HMAC, and a seal only when it has
 * identifying fields; per reading block (a type, source and day) one seal; per source one seal
 * and three HMACs.
 *
 * Most uploads are new data, so the first attempt looks nothing up under the current storage
 * name: the INSERT's unique key finds duplicates. When it finds any, the transaction is rolled
 * back (a block must hold only the data whose rows it stored, since queries read blocks without
 * their rows) and the upload goes again after looking the stored hashes up. That also covers an
 * identical upload racing this one: the next attempt finds what it committed.
 */
export async function ingestData(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  ciphers: { readonly readings: RecordCipher },
  input: readonly Datum[],
): Promise<UploadResult> {
  const request = prepare(keys.current, input);
  for (let attempt = 1; ; attempt += 1) {
    try {
      // Older salt versions are always looked up: the INSERT cannot see their hashes.
      const versions = attempt === 1 ? keys.versions.slice(1) : keys.versions;
      const prepared = new Map(request.prepared);
      await dropAlreadyStored(db, keys, versions, prepared);
      const stored = await store(db, keys, ciphers, request.sourceIdentities, prepared);
      return { stored, duplicates: input.length - stored, uploadIds: request.uploadIds };
    } catch (error) {
      if (!(error instanceof AlreadyStoredError) || attempt >= MAXIMUM_ATTEMPTS) throw error;
    }
  }
}

/** Attempts of an upload: the first, one after looking up duplicates, one after a racing upload. */
const MAXIMUM_ATTEMPTS = 3;

/** Some data of the request were already stored (or an identical upload committed first). */
class AlreadyStoredError extends Error {}

/** Each datum split, hashed and given its source key; a datum repeated within the request counted once. */
function prepare(current: VersionKeys, input: readonly Datum[]) {
  const prepared = new Map<string, PreparedDatum>();
  const sourceIdentities = new Map<string, SourceIdentity>();
  /** Source keys by the source's text: a request usually names one or two sources. */
  const sourceKeysByText = new Map<string, string>();
  const uploadIds = new Set<string>();
  for (const datum of input) {
    const parts = datumParts(datum);
    const id = current.lookup('datum', parts.canonical);
    uploadIds.add(parts.uploadId);
    if (prepared.has(id)) continue;
    const source = { deviceId: parts.deviceId, uploadId: parts.uploadId };
    const text = sourceText(source);
    let sourceKey = sourceKeysByText.get(text);
    if (sourceKey === undefined) {
      sourceKey = current.lookup('source', text);
      sourceKeysByText.set(text, sourceKey);
      sourceIdentities.set(sourceKey, source);
    }
    prepared.set(id, { parts, id, sourceKey });
  }
  return { prepared, sourceIdentities, uploadIds: [...uploadIds] };
}

/** Seals and stores `prepared` in one transaction; answers how many were stored (all, or it throws). */
async function store(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  ciphers: { readonly readings: RecordCipher },
  sourceIdentities: ReadonlyMap<string, SourceIdentity>,
  prepared: ReadonlyMap<string, PreparedDatum>,
): Promise<number> {
  const current = keys.current;
  // Sources are registered even when every datum is a duplicate: the answer names the upload,
  // so it must exist afterwards (listed, and deletable) like any other.
  const sourceRows = [...sourceIdentities].map(([sourceKey, identity]) => ({
    storageName: current.storageName,
    ...sourceKeys(current, identity),
    keyVersion: current.version,
    identity: keys.identity.sealJson(identity, sourceAssociatedData(current.storageName, sourceKey)),
  }));
  const { blocks, placements } = sealBlocks(current.storageName, ciphers.readings, prepared.values());

  return db.transaction(async (transaction) => {
    const sourceIds = new Map<string, number>();
    if (sourceRows.length > 0) {
      await transaction.insert(sources).values(sourceRows).onConflictDoNothing();
      const rows = await transaction
        .select({ id: sources.id, sourceKey: sources.sourceKey })
        .from(sources)
        .where(
          and(
            eq(sources.storageName, current.storageName),
            inArray(sources.sourceKey, [...sourceIdentities.keys()]),
          ),
        );
      for (const row of rows) sourceIds.set(row.sourceKey, row.id);
    }
    const sourceIdOf = (sourceKey: string) => {
      const sourceId = sourceIds.get(sourceKey);
      if (sourceId === undefined) throw new Error('A source row was not found right after its insert.');
      return sourceId;
    };
    const datums = [...prepared.values()];
    let count = 0;
    for (let start = 0; start < datums.length; start += ROWS_PER_INSERT) {
      const rows = datums.slice(start, start + ROWS_PER_INSERT).map((datum): JsonRow => {
        const placement = placements.get(datum.id);
        if (placement === undefined) throw new Error('A datum was left out of every reading block.');
        return {
          id: datum.id,
          type: datum.parts.type,
          sub_type: datum.parts.subType ?? null,
          time: datum.parts.time.toISOString(),
          source_id: sourceIdOf(datum.sourceKey),
          block_id: placement.blockId,
          block_index: placement.blockIndex,
          identity: sealIdentity(datum.parts, datum.id, keys)?.toString('base64') ?? null,
        };
      });
      count += await insertRows(transaction, current, rows);
    }
    if (count !== datums.length) throw new AlreadyStoredError('Some data were already stored.');
    for (let start = 0; start < blocks.length; start += BLOCKS_PER_INSERT) {
      await transaction.insert(readingBlocks).values(
        blocks.slice(start, start + BLOCKS_PER_INSERT).map((block) => ({
          storageName: current.storageName,
          id: block.id,
          sourceId: sourceIdOf(block.sourceKey),
          keyVersion: current.version,
          readings: block.readings,
          format: CURRENT_BLOCK_FORMAT,
          type: block.type,
          firstTime: block.firstTime,
          lastTime: block.lastTime,
        })),
      );
    }
    return count;
  });
}

/**
 * The sealed blocks of `datums` (one per type, source and UTC day, entries in time order) and
 * where each datum went.
 */
function sealBlocks(storageName: string, cipher: RecordCipher, datums: Iterable<PreparedDatum>) {
  const groups = new Map<string, PreparedDatum[]>();
  for (const datum of datums) {
    const group = blockGroup(datum.parts.type, datum.sourceKey, datum.parts.time);
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [datum]);
    else members.push(datum);
  }
  const placements = new Map<string, Placement>();
  const blocks = [...groups.values()].map((members) => {
    const id = newBlockId();
    members.sort(
      (left, right) =>
        left.parts.time.getTime() - right.parts.time.getTime() || (left.id < right.id ? -1 : 1),
    );
    const entries = members.map((datum, index): BlockEntryInput => {
      placements.set(datum.id, { blockId: id, blockIndex: index });
      const key = blockEntryKey({
        id: datum.id,
        type: datum.parts.type,
        subType: datum.parts.subType ?? null,
        time: datum.parts.time.toISOString(),
      });
      return {
        key,
        readings: JSON.stringify(datum.parts.readings),
        identified: datum.parts.identity !== undefined,
      };
    });
    // Every member shares the type and the source: they are part of the group.
    const [first, last] = [members[0], members.at(-1)];
    if (first === undefined || last === undefined) throw new Error('A reading block has no entry.');
    const block = { id, sourceKey: first.sourceKey };
    return {
      ...block,
      type: first.parts.type,
      firstTime: first.parts.time,
      lastTime: last.parts.time,
      readings: sealBlock(cipher, storageName, block, entries),
    };
  });
  return { blocks, placements };
}

/** One row of the JSON an INSERT reads its rows from. */
interface JsonRow {
  readonly id: string;
  readonly type: string;
  readonly sub_type: string | null;
  readonly time: string;
  readonly source_id: number;
  readonly block_id: string;
  readonly block_index: number;
  /** The identity envelope in base64, decoded by the database. */
  readonly identity: string | null;
}

/**
 * One multi-row INSERT … ON CONFLICT DO NOTHING whose rows come from a single JSON parameter
 * (`json_to_recordset`): building and binding one text is far cheaper than binding nine
 * parameters per row through the query builder, and PostgreSQL parses JSON natively. Answers
 * how many rows were new.
 */
async function insertRows(
  db: Database<DataSchema>,
  keys: VersionKeys,
  rows: readonly JsonRow[],
): Promise<number> {
  const result = await db.execute(sql`
    with inserted as (
      insert into ${data} (storage_name, id, type, sub_type, time, source_id, key_version, block_id, block_index, identity)
      select ${keys.storageName}::text, r.id, r.type, r.sub_type, r.time, r.source_id, ${keys.version}::smallint,
             r.block_id, r.block_index, decode(r.identity, 'base64')
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(
        id text, type text, sub_type text, time timestamptz, source_id bigint, block_id text, block_index integer,
        identity text)
      on conflict do nothing
      returning 1
    )
    select cast(count(*) as integer) as stored from inserted`);
  return resultRows<{ stored: number }>(result)[0]?.stored ?? 0;
}

/**
 * Drops from `prepared` the data already stored: under the current storage name with the same
 * hash, or (during a salt rotation) under an older one with that version's hash, so that a
 * rotation never stores a datum twice.
 */
async function dropAlreadyStored(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  versions: readonly VersionKeys[],
  prepared: Map<string, PreparedDatum>,
): Promise<void> {
  for (const version of versions) {
    const currentIdByVersionId = new Map<string, string>();
    for (const [id, datum] of prepared) {
      const versionId = version === keys.current ? id : version.lookup('datum', datum.parts.canonical);
      currentIdByVersionId.set(versionId, id);
    }
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
        if (currentId !== undefined) prepared.delete(currentId);
      }
    }
  }
}
