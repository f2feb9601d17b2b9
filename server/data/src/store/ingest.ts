/** Storing an upload: all or nothing, deduplicated by content hash, in batched multi-row INSERTs. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import type { Datum, UploadResult } from '@tidepool/spec';
import { data, sources, type DataSchema } from '../db/schema.js';
import { datumParts, type DatumParts } from '../datum/datum-parts.js';
import { resultRows } from '../db/result-rows.js';
import type { UserDataKeys, VersionKeys } from '../keys/user-data-keys.js';
import { sealDatum, type DatumCiphers } from './datum-codec.js';
import { sourceAssociatedData, sourceKeys, sourceText, type SourceIdentity } from './sources.js';

/** Rows per INSERT: one JSON parameter of a few hundred bytes a row. */
const ROWS_PER_INSERT = 5000;
/** Ids per lookup of older versions' hashes. */
const IDS_PER_LOOKUP = 5000;

interface PreparedDatum {
  readonly parts: DatumParts;
  readonly id: string;
  readonly sourceKey: string;
}

/**
 * Stores `input` for the user whose keys are `keys`, in one transaction. A datum whose content
 * hash is already stored (under any salt version) or repeated within the request is counted as
 * a duplicate and stored once. Crypto per datum: one HMAC, one aggregate seal, and a second
 * seal only when it has identifying fields; per source one seal and three HMACs.
 */
export async function ingestData(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  ciphers: Pick<DatumCiphers, 'readings'>,
  input: readonly Datum[],
): Promise<UploadResult> {
  const current = keys.current;
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
  await dropStoredUnderOlderVersions(db, keys, prepared);

  const sourceRows = [...sourceIdentities].map(([sourceKey, identity]) => ({
    storageName: current.storageName,
    ...sourceKeys(current, identity),
    keyVersion: current.version,
    identity: keys.identity.sealJson(identity, sourceAssociatedData(current.storageName, sourceKey)),
  }));
  const sealed = [...prepared.values()].map((datum) => ({
    datum,
    envelopes: sealDatum(datum.parts, datum.id, keys, ciphers),
  }));

  const stored = await db.transaction(async (transaction) => {
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
    let count = 0;
    for (let start = 0; start < sealed.length; start += ROWS_PER_INSERT) {
      const rows = sealed.slice(start, start + ROWS_PER_INSERT).map(({ datum, envelopes }) => {
        const sourceId = sourceIds.get(datum.sourceKey);
        if (sourceId === undefined) throw new Error('A source row was not found right after its insert.');
        return {
          id: datum.id,
          type: datum.parts.type,
          sub_type: datum.parts.subType ?? null,
          time: datum.parts.time.toISOString(),
          source_id: sourceId,
          readings: envelopes.readings.toString('base64'),
          identity: envelopes.identity?.toString('base64') ?? null,
        };
      });
      count += await insertRows(transaction, current, rows);
    }
    return count;
  });
  return { stored, duplicates: input.length - stored, uploadIds: [...uploadIds] };
}

/** One row of the JSON an INSERT reads its rows from. */
interface JsonRow {
  readonly id: string;
  readonly type: string;
  readonly sub_type: string | null;
  readonly time: string;
  readonly source_id: number;
  /** Envelopes in base64, decoded by the database. */
  readonly readings: string;
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
      insert into ${data} (storage_name, id, type, sub_type, time, source_id, key_version, readings, identity)
      select ${keys.storageName}::text, r.id, r.type, r.sub_type, r.time, r.source_id, ${keys.version}::smallint,
             decode(r.readings, 'base64'), decode(r.identity, 'base64')
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(
        id text, type text, sub_type text, time timestamptz, source_id bigint, readings text, identity text)
      on conflict do nothing
      returning 1
    )
    select cast(count(*) as integer) as stored from inserted`);
  return resultRows<{ stored: number }>(result)[0]?.stored ?? 0;
}

/**
 * During a salt rotation a datum may already be stored under an older storage name, with the
 * hash of that version's key: drop those, so the rotation never stores a datum twice.
 */
async function dropStoredUnderOlderVersions(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  prepared: Map<string, PreparedDatum>,
): Promise<void> {
  for (const older of keys.versions.slice(1)) {
    const byOlderId = new Map<string, string>();
    for (const [id, datum] of prepared) byOlderId.set(older.lookup('datum', datum.parts.canonical), id);
    const olderIds = [...byOlderId.keys()];
    for (let start = 0; start < olderIds.length; start += IDS_PER_LOOKUP) {
      const found = await db
        .select({ id: data.id })
        .from(data)
        .where(
          and(
            eq(data.storageName, older.storageName),
            inArray(data.id, olderIds.slice(start, start + IDS_PER_LOOKUP)),
          ),
        );
      for (const row of found) {
        const currentId = byOlderId.get(row.id);
        if (currentId !== undefined) prepared.delete(currentId);
      }
    }
  }
}
