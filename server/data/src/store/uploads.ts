/** The uploads of a user (data grouped by `uploadId`), deleting one, and erasing everything of a user. */
import { and, count, eq, inArray, min, ne, or, sql } from 'drizzle-orm';
import type { StoredDatum, UploadRecord } from '@tidepool/spec';
import type { Database, RecordCipher } from '@tidepool/kit';
import { data, readingBlocks, sources, type DataSchema } from '../db/schema.js';
import type { UserDataKeys } from '../keys/user-data-keys.js';
import { rowColumns } from './data-pages.js';
import { rowEntries } from './datum-entries.js';
import { pageJson } from './datum-json-stream.js';
import { createBlockReader, ROWLESS_FORMAT } from './reading-blocks.js';
import { createSourceDirectory } from './sources.js';

/**
 * Every upload of the user with the span and count of its data (the `upload` record itself not
 * counted) and its `upload` record when one was sent, newest first. Opens one envelope per
 * source and the blocks of the upload records; readings are counted in the database, never opened.
 */
export async function listUploads(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  /** The aggregate `data/readings` cipher. */
  readingsCipher: RecordCipher,
): Promise<UploadRecord[]> {
  const storageNames = [...keys.storageNames];
  const isReading = ne(data.type, 'upload');
  const spans = await db
    .select({
      sourceId: data.sourceId,
      createdTime: min(data.createdTime),
      datumCount: sql<number>`cast(count(*) filter (where ${isReading}) as integer)`,
      earliestTime: sql`min(${data.time}) filter (where ${isReading})`.mapWith(data.time),
      latestTime: sql`max(${data.time}) filter (where ${isReading})`.mapWith(data.time),
    })
    .from(data)
    .where(inArray(data.storageName, storageNames))
    .groupBy(data.sourceId);
  // Plain readings have no rows: their rowless blocks count them.
  const blockSpans = await db
    .select({
      sourceId: readingBlocks.sourceId,
      createdTime: min(readingBlocks.createdTime),
      datumCount: sql<number>`cast(sum(${readingBlocks.entryCount}) as integer)`,
      earliestTime: sql`min(${readingBlocks.firstTime})`.mapWith(readingBlocks.firstTime),
      latestTime: sql`max(${readingBlocks.lastTime})`.mapWith(readingBlocks.lastTime),
    })
    .from(readingBlocks)
    .where(and(inArray(readingBlocks.storageName, storageNames), eq(readingBlocks.format, ROWLESS_FORMAT)))
    .groupBy(readingBlocks.sourceId);
  spans.push(...blockSpans);
  const directory = createSourceDirectory(db, keys);
  const identities = await directory.identities(spans.map((span) => span.sourceId));

  const uploads = new Map<
    string,
    { createdTime: Date; datumCount: number; earliest?: Date; latest?: Date; upload?: StoredDatum }
  >();
  for (const span of spans) {
    const uploadId = identities.get(span.sourceId)?.uploadId;
    if (uploadId === undefined || span.createdTime === null) continue;
    const upload = uploads.get(uploadId) ?? { createdTime: span.createdTime, datumCount: 0 };
    upload.datumCount += span.datumCount;
    if (span.createdTime < upload.createdTime) upload.createdTime = span.createdTime;
    const earliest = span.earliestTime as Date | null;
    const latest = span.latestTime as Date | null;
    if (earliest !== null && (upload.earliest === undefined || earliest < upload.earliest))
      upload.earliest = earliest;
    if (latest !== null && (upload.latest === undefined || latest > upload.latest)) upload.latest = latest;
    uploads.set(uploadId, upload);
  }

  const records = await db
    .select(rowColumns)
    .from(data)
    .where(and(inArray(data.storageName, storageNames), eq(data.type, 'upload')));
  const entries = await rowEntries(records, createBlockReader(db, readingsCipher));
  for (const text of await pageJson(entries, { db, sources: directory, identity: keys.identity })) {
    const record = JSON.parse(text) as StoredDatum;
    const upload = uploads.get(record.uploadId);
    // The newest record wins when an uploader sent several for one upload.
    if (upload !== undefined && (upload.upload === undefined || upload.upload.time < record.time))
      upload.upload = record;
  }

  return [...uploads]
    .map(([uploadId, upload]) => ({
      uploadId,
      createdTime: upload.createdTime.toISOString(),
      datumCount: upload.datumCount,
      ...(upload.earliest === undefined ? {} : { earliestTime: upload.earliest.toISOString() }),
      ...(upload.latest === undefined ? {} : { latestTime: upload.latest.toISOString() }),
      ...(upload.upload === undefined ? {} : { upload: upload.upload }),
    }))
    .sort(
      (left, right) =>
        right.createdTime.localeCompare(left.createdTime) || left.uploadId.localeCompare(right.uploadId),
    );
}

/** Deletes an upload's data and sources under every salt version; false when the user has no such upload. */
export async function deleteUpload(
  db: Database<DataSchema>,
  keys: UserDataKeys,
  uploadId: string,
): Promise<boolean> {
  return db.transaction(async (transaction) => {
    const matching = or(
      ...keys.versions.map((version) =>
        and(
          eq(sources.storageName, version.storageName),
          eq(sources.uploadKey, version.lookup('upload', uploadId)),
        ),
      ),
    );
    const found = await transaction.select({ id: sources.id }).from(sources).where(matching);
    if (found.length === 0) return false;
    const ids = found.map((row) => row.id);
    await transaction
      .delete(data)
      .where(and(inArray(data.storageName, [...keys.storageNames]), inArray(data.sourceId, ids)));
    await transaction
      .delete(readingBlocks)
      .where(
        and(inArray(readingBlocks.storageName, [...keys.storageNames]), inArray(readingBlocks.sourceId, ids)),
      );
    await transaction.delete(sources).where(inArray(sources.id, ids));
    return true;
  });
}

/** Deletes every row of the user under every salt version of their storage name; answers how many data went. */
export async function eraseUserData(
  db: Database<DataSchema>,
  storageNames: readonly string[],
): Promise<number> {
  return db.transaction(async (transaction) => {
    const [erased] = await transaction
      .select({ count: count() })
      .from(data)
      .where(inArray(data.storageName, [...storageNames]));
    const [erasedReadings] = await transaction
      .select({ count: sql<number>`cast(coalesce(sum(${readingBlocks.entryCount}), 0) as integer)` })
      .from(readingBlocks)
      .where(
        and(inArray(readingBlocks.storageName, [...storageNames]), eq(readingBlocks.format, ROWLESS_FORMAT)),
      );
    await transaction.delete(data).where(inArray(data.storageName, [...storageNames]));
    await transaction.delete(readingBlocks).where(inArray(readingBlocks.storageName, [...storageNames]));
    await transaction.delete(sources).where(inArray(sources.storageName, [...storageNames]));
    return (erased?.count ?? 0) + (erasedReadings?.count ?? 0);
  });
}
