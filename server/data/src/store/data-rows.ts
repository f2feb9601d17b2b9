/** The data rows of an upload: one multi-row INSERT per about 5000, its columns bound as array literals. */
import { sql } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import type { Datum } from '@tidepool/spec';
import type { DatumParts } from '../datum/datum-parts.js';
import { data, type DataSchema } from '../db/schema.js';
import { resultRows } from '../db/result-rows.js';
import type { UserDataKeys } from '../keys/user-data-keys.js';
import { integerArray, textArray } from './array-literals.js';
import { sealIdentity } from './datum-codec.js';
import { inTurns } from './in-turns.js';

/** Rows per INSERT at most (whole blocks: one a block may exceed it): a few text parameters. */
const ROWS_PER_INSERT = 5000;

/**
 * A datum of an upload, split and hashed. Its canonical text is hashed and let go: thousands of
 * data wait for the database, and what they hold is copied by every young-generation collection
 * meanwhile. Under an older salt version it is written again from `datum` (`idsUnder`).
 */
export interface PreparedDatum {
  readonly datum: Datum;
  readonly parts: Omit<DatumParts, 'canonical'>;
  readonly id: string;
  readonly sourceKey: string;
}

/** A sealed reading block and its data, in the order of their entries. */
export interface SealedBlock {
  readonly id: string;
  readonly sourceKey: string;
  readonly type: string;
  /** The times of its first and last entry (UTC ISO text). */
  readonly firstTime: string;
  readonly lastTime: string;
  readonly readings: Buffer;
  readonly members: readonly PreparedDatum[];
  /** Its data are plain readings, stored without rows (`ROWLESS_FORMAT`). */
  readonly rowless: boolean;
}

/** Some data of the request were already stored (or an identical upload committed first). */
export class AlreadyStoredError extends Error {}

/**
 * What the data INSERT does with a stored hash: `refuse` fails the transaction (the first
 * attempt, which looked nothing up: a plain INSERT spares the speculative insertion of ON
 * CONFLICT), `skip` leaves it and counts only the new rows (after the lookup).
 */
export type Conflicts = 'refuse' | 'skip';

/** Whole blocks gathered into INSERTs of about `ROWS_PER_INSERT` rows. */
export function* insertGroups(blocks: readonly SealedBlock[]): Generator<SealedBlock[]> {
  let group: SealedBlock[] = [];
  let rows = 0;
  for (const block of blocks) {
    if (rows > 0 && rows + block.members.length > ROWS_PER_INSERT) {
      yield group;
      group = [];
      rows = 0;
    }
    group.push(block);
    rows += block.members.length;
  }
  if (group.length > 0) yield group;
}

/**
 * One multi-row INSERT of the rows of `blocks`, its columns bound as array literals (one text
 * parameter a column, `unnest`ed by the database); the columns a block's rows share (type,
 * source, block id) are bound once a block and picked by the row's block number. Answers how
 * many rows were new; with `refuse`, a stored hash fails it with `AlreadyStoredError`.
 */
export async function insertRows(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  blocks: readonly SealedBlock[],
  sourceIdOf: (sourceKey: string) => number,
  conflicts: Conflicts,
): Promise<number> {
  const current = keys.current;
  const members: { readonly datum: PreparedDatum; readonly block: number; readonly index: number }[] = [];
  for (const [blockIndex, block] of blocks.entries()) {
    for (const [entryIndex, datum] of block.members.entries()) {
      members.push({ datum, block: blockIndex + 1, index: entryIndex });
    }
  }
  // In the order of the primary key: neighbouring rows go to the same pages of its index, which
  // costs the database a seventh less than the random order of the hashes (measured).
  members.sort((left, right) => (left.datum.id < right.datum.id ? -1 : 1));
  const ids: string[] = [];
  const times: string[] = [];
  const blockNumbers: number[] = [];
  const blockIndexes: number[] = [];
  const subTypes: (string | null)[] = [];
  const identities: (string | null)[] = [];
  let anySubType = false;
  let anyIdentity = false;
  for await (const slice of inTurns(members)) {
    for (const { datum, block, index } of slice) {
      ids.push(datum.id);
      times.push(datum.parts.time);
      blockNumbers.push(block);
      blockIndexes.push(index);
      const subType = datum.parts.subType ?? null;
      const identity = sealIdentity(datum.parts, datum.id, keys)?.toString('base64') ?? null;
      if (subType !== null) anySubType = true;
      if (identity !== null) anyIdentity = true;
      subTypes.push(subType);
      identities.push(identity);
    }
  }
  // unnest pads a shorter array with NULLs: an empty one stands for a column of NULLs.
  const rows = sql`select ${current.storageName}::text, r.id, (${textArray(blocks.map((block) => block.type))}::text::text[])[r.block],
      r.sub_type, r.time, (${integerArray(blocks.map((block) => sourceIdOf(block.sourceKey)))}::text::bigint[])[r.block],
      ${current.version}::smallint, (${textArray(blocks.map((block) => block.id))}::text::text[])[r.block],
      r.block_index, decode(r.identity, 'base64')
    from unnest(${textArray(ids)}::text::text[], ${textArray(times)}::text::timestamptz[],
      ${integerArray(blockNumbers)}::text::integer[], ${integerArray(blockIndexes)}::text::integer[],
      ${anySubType ? textArray(subTypes) : '{}'}::text::text[], ${anyIdentity ? textArray(identities) : '{}'}::text::text[])
      as r(id, time, block, block_index, sub_type, identity)`;
  const columns = sql`(storage_name, id, type, sub_type, time, source_id, key_version, block_id, block_index, identity)`;
  if (conflicts === 'skip') {
    const result = await db.execute(sql`
      with inserted as (insert into ${data} ${columns} ${rows} on conflict do nothing returning 1)
      select cast(count(*) as integer) as stored from inserted`);
    return resultRows<{ stored: number }>(result)[0]?.stored ?? 0;
  }
  try {
    await db.execute(sql`insert into ${data} ${columns} ${rows}`);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AlreadyStoredError('Some data were already stored.', { cause: error });
    throw error;
  }
  return ids.length;
}

/** PostgreSQL's unique_violation (SQLSTATE 23505), in the error or its causes (Drizzle wraps the driver's). */
function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && current.code === '23505') return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}
