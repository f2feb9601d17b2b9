/** A query's answer as a stream of JSON text: `[`, the data page by page, `]` (DESIGN.md §9 "streamed"). */
import { Readable } from 'node:stream';
import { and, inArray } from 'drizzle-orm';
import { DecryptionError, type Database, type RecordCipher } from '@tidepool/kit';
import { data, type DataSchema } from '../db/schema.js';
import type { DatumEntry } from './datum-codec.js';
import { datumJson, integrityProblem, withIntegrityCheck } from './datum-codec.js';
import type { SourceDirectory } from './sources.js';

/**
 * How a query's JSON array is laid out: one datum per line, with `[` and `]` on lines of their
 * own (`[]` when there is none). To a JSON parser it is whitespace; a client that reads the answer
 * as it arrives can parse it a run of whole lines at a time, since JSON text never holds a raw
 * newline (the SDK does, `sdk/src/transport/json-body.ts`).
 */
export const ARRAY_START = '[\n';
export const DATUM_SEPARATOR = ',\n';
export const ARRAY_END = '\n]';

/** The texts of data as the JSON array of an answer, laid out as `ARRAY_START` says. */
export function jsonArray(texts: readonly string[]): string {
  return texts.length === 0 ? '[]' : `${ARRAY_START}${texts.join(DATUM_SEPARATOR)}${ARRAY_END}`;
}

/** What opens the entries of a read: their sources, the rows of identified data and the user's identity cipher. */
export interface DatumOpeners {
  readonly db: Database<DataSchema>;
  readonly sources: SourceDirectory;
  readonly identity: RecordCipher;
}

/**
 * Reads the identity envelopes of the entries their blocks mark as identified (CGM readings
 * usually have none, so most pages read no row at all).
 */
async function readIdentities(db: Database<DataSchema>, entries: readonly DatumEntry[]): Promise<void> {
  const wanted = entries.filter((entry) => entry.identityInRow && entry.identity === null);
  if (wanted.length === 0) return;
  const rows = await db
    .select({ storageName: data.storageName, id: data.id, identity: data.identity })
    .from(data)
    .where(
      and(
        inArray(data.storageName, [...new Set(wanted.map((entry) => entry.storageName))]),
        inArray(
          data.id,
          wanted.map((entry) => entry.id),
        ),
      ),
    );
  const found = new Map(rows.map((row) => [`${row.storageName}/${row.id}`, row.identity]));
  for (const entry of wanted) {
    const identity = found.get(`${entry.storageName}/${entry.id}`);
    // The block says the datum has identifying fields: a row without them was altered.
    if (identity === undefined || identity === null) {
      throw integrityProblem(
        new DecryptionError('truncated', 'An identified datum has no identity envelope.'),
      );
    }
    entry.identity = identity;
  }
}

/** The members text of a source that `SourceDirectory.members` was asked for. */
export function knownSource(membersBySource: ReadonlyMap<number, string>, sourceId: number): string {
  const members = membersBySource.get(sourceId);
  // Every datum names a source of its user; a missing one means the database was altered.
  if (members === undefined) throw new Error('A datum names a source that does not exist.');
  return members;
}

/** The JSON texts of the data of one page, opening its new sources and identity envelopes first. */
export async function pageJson(entries: readonly DatumEntry[], openers: DatumOpeners): Promise<string[]> {
  const membersBySource = await openers.sources.members(entries.map((entry) => entry.sourceId));
  await readIdentities(openers.db, entries);
  return withIntegrityCheck(() =>
    entries.map((entry) =>
      datumJson(entry, knownSource(membersBySource, entry.sourceId), entry.members, openers.identity),
    ),
  );
}

/**
 * A JSON array of the data of `pages` (laid out as `ARRAY_START` says), written a page at a time:
 * memory holds one page, and a slow client slows the reads (the stream pulls the next page only
 * when it is wanted). The first page is read before the stream is returned, so that a failure there
 * (a tampered block, a database error) is still answered as a problem rather than as a cut
 * connection.
 */
export async function dataJsonStream(
  pages: AsyncGenerator<DatumEntry[], void, undefined>,
  openers: DatumOpeners,
): Promise<Readable> {
  const first = await pages.next();
  const firstTexts = first.done === true ? [] : await pageJson(first.value, openers);
  async function* chunks(): AsyncGenerator<string, void, undefined> {
    try {
      let separator = ARRAY_START;
      let texts = firstTexts;
      let page = first;
      while (page.done !== true) {
        if (texts.length > 0) {
          yield separator + texts.join(DATUM_SEPARATOR);
          separator = DATUM_SEPARATOR;
        }
        page = await pages.next();
        if (page.done !== true) texts = await pageJson(page.value, openers);
      }
      yield separator === ARRAY_START ? '[]' : ARRAY_END;
    } finally {
      // Ends the reads when the client went away or a page failed.
      await pages.return(undefined);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
