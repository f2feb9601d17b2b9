/** Storing an upload: all or nothing, deduplicated by content hash, readings sealed in blocks, rows in multi-row INSERTs. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, RecordCipher } from '@tidepool/kit';
import type { Datum, UploadResult } from '@tidepool/spec';
import { readingBlocks, sources, type DataSchema } from '../db/schema.js';
import { datumParts } from '../datum/datum-parts.js';
import type { UserDataKeys, VersionKeys } from '../keys/user-data-keys.js';
import {
  blockEntryKey,
  newBlockId,
  ROWLESS_FORMAT,
  sealBlock,
  TIME_INDEXED_FORMAT,
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
import { inTurns } from './in-turns.js';
import { entryIds, storedInRows, storedPlain } from './stored-hashes.js';

/** Block rows per INSERT (eleven parameters each, below PostgreSQL's 65535). */
const BLOCKS_PER_INSERT = 1000;

/**
 * Stores `input` for the user whose keys are `keys`, in one transaction. A datum whose content
 * hash is already stored (under any salt version) or repeated within the request is counted as
 * a duplicate and stored once. Crypto per datum: one HMAC, and a seal only when it has
 * identifying fields; per reading block (a type, source and day) one seal; per source one seal
 * and three HMACs.
 *
 * Plain readings (CGM and meter readings, nothing identifying) go to rowless blocks: no row a
 * reading, the block carries their ids. Data with identifying fields get a row each (their
 * identity envelope), whose primary key holds their hash.
 *
 * Most uploads are new data, so the first attempt looks nothing up before it seals: in the
 * transaction, the user's uploads take turns (an advisory lock on the storage name) and the
 * plain readings are looked for in the blocks that meet their span, while the primary key
 * refuses a stored hash of a row. When something was stored, the transaction is rolled back (a
 * block must hold only data this request stored, since queries read blocks without rows) and
 * the upload goes again after looking the stored hashes up, skipping them and counting what it
 * stored. That also covers an identical upload racing this one: the next attempt finds what it
 * committed.
 */
export async function ingestData(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  ciphers: { readonly readings: RecordCipher },
  input: readonly Datum[],
): Promise<UploadResult> {
  const request = await prepare(keys.current, input);
  for (let attempt = 1; ; attempt += 1) {
    try {
      // Older salt versions are always looked up: the INSERT cannot see their hashes.
      const versions = attempt === 1 ? keys.versions.slice(1) : keys.versions;
      const prepared = new Map(request.prepared);
      await dropAlreadyStored(db, keys, versions, prepared, { plain: attempt > 1 });
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
async function prepare(current: VersionKeys, input: readonly Datum[]) {
  const prepared = new Map<string, PreparedDatum>();
  const sourceIdentities = new Map<string, SourceIdentity>();
  /** Source keys by deviceId, then uploadId: a request usually names one or two sources. */
  const sourceKeysByDevice = new Map<string, Map<string, string>>();
  const uploadIds = new Set<string>();
  for await (const slice of inTurns(input)) {
    for (const datum of slice) {
      const { canonical, ...parts } = datumParts(datum);
      const id = current.lookup('datum', canonical);
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
      prepared.set(id, { datum, parts, id, sourceKey });
    }
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
  // Sealing a day's block is one piece of work; after all of them, the event loop turns once.
  await nextTurn();

  const plain = blocks.filter((block) => block.rowless).flatMap((block) => block.members);

  return db.transaction(async (transaction) => {
    if (plain.length > 0) {
      // No key refuses a stored plain reading: until the commit, the user's other uploads wait
      // here, and this one looks for what they stored.
      await transaction.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${current.storageName}, 0))`,
      );
      const stored = await storedPlain(transaction, keys, plain);
      if (stored.size > 0) throw new AlreadyStoredError('Some readings were already stored.');
    }
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
      format: block.rowless ? ROWLESS_FORMAT : TIME_INDEXED_FORMAT,
      type: block.type,
      firstTime: new Date(block.firstTime),
      lastTime: new Date(block.lastTime),
      entryCount: block.rowless ? block.members.length : null,
      entryIds: block.rowless ? entryIds(block.members) : null,
    }));
    // Every statement is sent before any answer is awaited: the database inserts the rows while
    // the blocks' statement is built and sent. They share the transaction: when one fails (a
    // stored hash), those after it fail too and the whole transaction rolls back.
    const rowCounts = [...insertGroups(blocks.filter((block) => !block.rowless))].map((group) =>
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
    const count = counts.reduce((sum, rows) => sum + rows, plain.length);
    if (count !== prepared.size) throw new AlreadyStoredError('Some data were already stored.');
    return count;
  });
}

/**
 * The sealed blocks of `datums`: one per type, source and UTC day (as `blockGroup` says), and
 * whether the data have identifying fields (those have rows; plain readings go to rowless
 * blocks), entries in time order.
 */
function sealBlocks(
  storageName: string,
  cipher: RecordCipher,
  datums: Iterable<PreparedDatum>,
): SealedBlock[] {
  // By type, source and whether identified, then by day (the date of the UTC ISO text). An upload
  // is mostly runs of one type and source: the day's map of the previous datum is reused.
  const groups = new Map<string, Map<string, PreparedDatum[]>>();
  let previous: PreparedDatum | undefined;
  let days = new Map<string, PreparedDatum[]>();
  for (const datum of datums) {
    const { type, identity, time } = datum.parts;
    if (
      previous?.parts.type !== type ||
      previous.sourceKey !== datum.sourceKey ||
      (previous.parts.identity === undefined) !== (identity === undefined)
    ) {
      const kind = `${type}\0${datum.sourceKey}\0${identity === undefined ? '' : '*'}`;
      const known = groups.get(kind);
      if (known === undefined) groups.set(kind, (days = new Map<string, PreparedDatum[]>()));
      else days = known;
    }
    previous = datum;
    const day = time.slice(0, 10);
    const members = days.get(day);
    if (members === undefined) days.set(day, [datum]);
    else members.push(datum);
  }
  return [...groups.values()]
    .flatMap((days) => [...days.values()])
    .map((members) => {
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
        readings: datum.parts.readingsJson,
        identified: datum.parts.identity !== undefined,
      }));
      // Every member shares the type and the source: they are part of the group.
      const [first, last] = [members[0], members.at(-1)];
      if (first === undefined || last === undefined) throw new Error('A reading block has no entry.');
      const block = { id, sourceKey: first.sourceKey };
      return {
        ...block,
        rowless: first.parts.identity === undefined,
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
 * rotation never stores a datum twice. Data with identifying fields are looked up in the rows
 * of `versions`; with `plain`, plain readings too, under every version (`storedPlain`).
 */
async function dropAlreadyStored(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  versions: readonly VersionKeys[],
  prepared: Map<string, PreparedDatum>,
  options: { readonly plain: boolean },
): Promise<void> {
  const identified: PreparedDatum[] = [];
  const plain: PreparedDatum[] = [];
  for (const datum of prepared.values())
    (datum.parts.identity === undefined ? plain : identified).push(datum);
  const stored = await storedInRows(db, keys, versions, identified);
  if (options.plain) for (const id of await storedPlain(db, keys, plain)) stored.add(id);
  for (const id of stored) prepared.delete(id);
}
