/** Storing an upload: all or nothing, deduplicated by content hash, readings sealed in blocks, rows in multi-row INSERTs. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, RecordCipher } from '@tidepool/kit';
import type { Datum, UploadResult } from '@tidepool/spec';
import { data, readingBlocks, sources, type DataSchema } from '../db/schema.js';
import { datumParts } from '../datum/datum-parts.js';
import type { UserDataKeys, VersionKeys } from '../keys/user-data-keys.js';
import {
  blockEntryKey,
  CURRENT_BLOCK_FORMAT,
  newBlockId,
  sealBlock,
  type BlockEntryInput,
} from './reading-blocks.js';
import {
  AlreadyStoredError,
  insertGroups,
  insertRows,
  type Conflicts,
  type PreparedDatum,
  type SealedBlock,
} from './data-rows.js';
import { sourceAssociatedData, sourceKeys, sourceText, type SourceIdentity } from './sources.js';

/** Block rows per INSERT (five parameters each, far below PostgreSQL's 65535). */
const BLOCKS_PER_INSERT = 1000;
/** Ids per lookup of hashes already stored. */
const IDS_PER_LOOKUP = 5000;

/**
 * Stores `input` for the user whose keys are `keys`, in one transaction. A datum whose content
 * hash is already stored (under any salt version) or repeated within the request is counted as
 * a duplicate and stored once. Crypto per datum: one HMAC, and a seal only when it has
 * identifying fields; per reading block (a type, source and day) one seal; per source one seal
 * and three HMACs.
 *
 * Most uploads are new data, so the first attempt looks nothing up under the current storage
 * name and inserts plainly: the primary key refuses a stored hash. Then the transaction is rolled
 * back (a block must hold only the data whose rows it stored, since queries read blocks without
 * their rows) and the upload goes again after looking the stored hashes up, skipping conflicts
 * and counting what it stored. That also covers an identical upload racing this one: the next
 * attempt finds what it committed.
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
      const conflicts = attempt === 1 ? 'refuse' : 'skip';
      const stored = await store(db, keys, ciphers, request.sourceIdentities, prepared, conflicts);
      return { stored, duplicates: input.length - stored, uploadIds: request.uploadIds };
    } catch (error) {
      if (!(error instanceof AlreadyStoredError) || attempt >= MAXIMUM_ATTEMPTS) throw error;
    }
  }
}

/** Attempts of an upload: the first, one after looking up duplicates, one after a racing upload. */
const MAXIMUM_ATTEMPTS = 3;

/** Each datum split, hashed and given its source key; a datum repeated within the request counted once. */
function prepare(current: VersionKeys, input: readonly Datum[]) {
  const prepared = new Map<string, PreparedDatum>();
  const sourceIdentities = new Map<string, SourceIdentity>();
  /** Source keys by deviceId, then uploadId: a request usually names one or two sources. */
  const sourceKeysByDevice = new Map<string, Map<string, string>>();
  const uploadIds = new Set<string>();
  for (const datum of input) {
    const parts = datumParts(datum);
    const id = current.lookup('datum', parts.canonical);
    uploadIds.add(parts.uploadId);
    if (prepared.has(id)) continue;
    let byUpload = sourceKeysByDevice.get(parts.deviceId);
    if (byUpload === undefined) {
      byUpload = new Map();
      sourceKeysByDevice.set(parts.deviceId, byUpload);
    }
    let sourceKey = byUpload.get(parts.uploadId);
    if (sourceKey === undefined) {
      const source = { deviceId: parts.deviceId, uploadId: parts.uploadId };
      sourceKey = current.lookup('source', sourceText(source));
      byUpload.set(parts.uploadId, sourceKey);
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
  conflicts: Conflicts,
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
  const blocks = sealBlocks(current.storageName, ciphers.readings, prepared.values());

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
    const blockRows = blocks.map((block) => ({
      storageName: current.storageName,
      id: block.id,
      sourceId: sourceIdOf(block.sourceKey),
      keyVersion: current.version,
      readings: block.readings,
      format: CURRENT_BLOCK_FORMAT,
      type: block.type,
      firstTime: new Date(block.firstTime),
      lastTime: new Date(block.lastTime),
    }));
    // Every statement is sent before any answer is awaited: the database inserts the rows while
    // the blocks' statement is built and sent. They share the transaction: when one fails (a
    // stored hash), those after it fail too and the whole transaction rolls back.
    const rowCounts = [...insertGroups(blocks)].map((group) =>
      insertRows(transaction, keys, group, sourceIdOf, conflicts),
    );
    const blockInserts: Promise<unknown>[] = [];
    for (let start = 0; start < blockRows.length; start += BLOCKS_PER_INSERT) {
      const insert = transaction
        .insert(readingBlocks)
        .values(blockRows.slice(start, start + BLOCKS_PER_INSERT));
      blockInserts.push(insert.then(() => undefined));
    }
    const [counts] = await Promise.all([Promise.all(rowCounts), Promise.all(blockInserts)]);
    const count = counts.reduce((sum, rows) => sum + rows, 0);
    if (count !== prepared.size) throw new AlreadyStoredError('Some data were already stored.');
    return count;
  });
}

/**
 * The sealed blocks of `datums`: one per type, source and UTC day (as `blockGroup` says), entries
 * in time order.
 */
function sealBlocks(
  storageName: string,
  cipher: RecordCipher,
  datums: Iterable<PreparedDatum>,
): SealedBlock[] {
  const groups = new Map<string, PreparedDatum[]>();
  for (const datum of datums) {
    // The day is the date of the UTC ISO text.
    const group = `${datum.parts.type}\0${datum.sourceKey}\0${datum.parts.time.slice(0, 10)}`;
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [datum]);
    else members.push(datum);
  }
  return [...groups.values()].map((members) => {
    const id = newBlockId();
    // UTC ISO texts of one form sort as their instants.
    members.sort((left, right) => {
      if (left.parts.time !== right.parts.time) return left.parts.time < right.parts.time ? -1 : 1;
      return left.id < right.id ? -1 : 1;
    });
    const entries = members.map((datum): BlockEntryInput => ({
      key: blockEntryKey({
        id: datum.id,
        type: datum.parts.type,
        subType: datum.parts.subType ?? null,
        time: datum.parts.time,
      }),
      readings: JSON.stringify(datum.parts.readings),
      identified: datum.parts.identity !== undefined,
    }));
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
      members,
    };
  });
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
