/** A query's answer written from its reading blocks, block by block, when no legacy row is to be merged in (DESIGN.md §9). */
import { Readable } from 'node:stream';
import type { Database, RecordCipher } from '@tidepool/kit';
import type { DataSchema } from '../db/schema.js';
import { blockEntries, entryMatcher, readBlocks, type StoredBlock } from './block-entries.js';
import { blockJson, entryWindow } from './block-json.js';
import type { DataFilter } from './data-pages.js';
import { compareEntries, withIntegrityCheck } from './datum-codec.js';
import { ARRAY_END, DATUM_SEPARATOR, knownSource, pageJson, type DatumOpeners } from './datum-json-stream.js';

const EMPTY = Buffer.alloc(0);

/**
 * The JSON texts of the data of `filter`, each datum preceded by `DATUM_SEPARATOR`, one Buffer per
 * group of blocks, yielded a read of blocks at a time (once it completed a group). Blocks come in
 * the order of their first time; a group is a block, or blocks whose spans overlap (several sources
 * or uploads on one day), and is written once the next block starts after its end, so groups follow
 * each other in time. A lone block whose entries are in order is written straight from its
 * plaintext (`blockJson`); other groups go through entries: opened, filtered, sorted by time then
 * id, joined with the identity envelopes of their rows (`pageJson`). A group lies within one UTC
 * day (a block spans at most one), so memory holds a read of blocks and a day of data at most.
 */
export async function* blockJsonChunks(
  db: Database<DataSchema>,
  cipher: RecordCipher,
  filter: DataFilter,
  openers: DatumOpeners,
): AsyncGenerator<Buffer[], void, undefined> {
  const window = entryWindow(filter);
  const matches = entryMatcher(filter);
  const membersOf = async (sourceId: number) =>
    knownSource(await openers.sources.members([sourceId]), sourceId);
  const groupJson = async (group: readonly StoredBlock[]): Promise<Buffer> => {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      const members = await membersOf(only.sourceId);
      const written = withIntegrityCheck(() => blockJson(cipher, only, members, window));
      if (written !== undefined) return written;
    }
    const entries = withIntegrityCheck(() => group.flatMap((block) => blockEntries(cipher, block)))
      .filter(matches)
      .sort(compareEntries);
    const texts = await pageJson(entries, openers);
    return texts.length === 0
      ? EMPTY
      : Buffer.from(`${DATUM_SEPARATOR}${texts.join(DATUM_SEPARATOR)}`, 'utf8');
  };
  let group: StoredBlock[] = [];
  let groupEnd = '';
  for await (const blocks of readBlocks(db, filter)) {
    const written: Buffer[] = [];
    for (const block of blocks) {
      // ISO texts of one length in UTC sort as their instants; a block starting at its group's end
      // joins the group, since the order of equal times is the ids'.
      if (group.length > 0 && block.firstTime > groupEnd) {
        written.push(await groupJson(group));
        group = [];
      }
      if (group.length === 0 || block.lastTime > groupEnd) groupEnd = block.lastTime;
      group.push(block);
    }
    if (written.length > 0) yield written;
  }
  if (group.length > 0) yield [await groupJson(group)];
}

/**
 * `blockJsonChunks` as the JSON array of the answer, laid out as `ARRAY_START` says. The first read
 * of blocks is written before the stream is returned, so that its failures (a tampered block, a
 * database error) are still answered as problems; a later failure cuts the connection (the kit's
 * `streamedBody`).
 */
export async function blockJsonStream(
  db: Database<DataSchema>,
  cipher: RecordCipher,
  filter: DataFilter,
  openers: DatumOpeners,
): Promise<Readable> {
  const reads = blockJsonChunks(db, cipher, filter, openers);
  const first = await reads.next();
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    try {
      let started = false;
      for (let read = first; read.done !== true; read = await reads.next()) {
        for (const chunk of read.value) {
          if (chunk.length === 0) continue;
          // The first datum's separator (`,\n`) opens the array instead: `[\n`, `ARRAY_START`.
          if (!started) chunk[0] = OPEN_BRACKET;
          started = true;
          yield chunk;
        }
      }
      yield Buffer.from(started ? ARRAY_END : '[]', 'latin1');
    } finally {
      // Ends the reads when the client went away or a read failed.
      await reads.return(undefined);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

const OPEN_BRACKET = 0x5b;
