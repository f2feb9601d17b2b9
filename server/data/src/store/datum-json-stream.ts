/** A query's answer as a stream of JSON text: `[`, the data page by page, `]` (DESIGN.md §9 "streamed"). */
import { Readable } from 'node:stream';
import type { RecordCipher } from '@tidepool/kit';
import type { DatumRow } from './datum-codec.js';
import { datumJson, withIntegrityCheck } from './datum-codec.js';
import type { BlockReader } from './reading-blocks.js';
import { sourceMembers, type SourceDirectory } from './sources.js';

/** What opens the rows of a read: their sources, their reading blocks and the user's identity cipher. */
export interface DatumOpeners {
  readonly sources: SourceDirectory;
  readonly blocks: BlockReader;
  readonly identity: RecordCipher;
}

/** The JSON texts of the data of one page, opening its new sources and reading blocks first. */
export async function pageJson(rows: readonly DatumRow[], openers: DatumOpeners): Promise<string[]> {
  const identities = await openers.sources.identities(rows.map((row) => row.sourceId));
  await openers.blocks.load(rows);
  const membersBySource = new Map<number, string>();
  return withIntegrityCheck(() =>
    rows.map((row) => {
      let members = membersBySource.get(row.sourceId);
      if (members === undefined) {
        const identity = identities.get(row.sourceId);
        // Every row names a source of its user; a missing one means the database was altered.
        if (identity === undefined) throw new Error('A datum names a source that does not exist.');
        members = sourceMembers(identity);
        membersBySource.set(row.sourceId, members);
      }
      return datumJson(row, members, openers.blocks.readingsMembers(row), openers.identity);
    }),
  );
}

/**
 * A JSON array of the data of `pages`, written a page at a time: memory holds one page, and
 * a slow client slows the reads (the stream pulls the next page only when it is wanted). The
 * first page is read before the stream is returned, so that a failure there (a tampered row, a
 * database error) is still answered as a problem rather than as a cut connection.
 */
export async function dataJsonStream(
  pages: AsyncGenerator<DatumRow[], void, undefined>,
  openers: DatumOpeners,
): Promise<Readable> {
  const first = await pages.next();
  const firstTexts = first.done === true ? [] : await pageJson(first.value, openers);
  async function* chunks(): AsyncGenerator<string, void, undefined> {
    try {
      yield '[';
      let separator = '';
      let texts = firstTexts;
      let page = first;
      while (page.done !== true) {
        if (texts.length > 0) {
          yield separator + texts.join(',');
          separator = ',';
        }
        page = await pages.next();
        if (page.done !== true) texts = await pageJson(page.value, openers);
      }
      yield ']';
    } finally {
      // Ends the reads when the client went away or a page failed.
      await pages.return(undefined);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
