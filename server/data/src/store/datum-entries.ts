/** A user's data in time order: the time-indexed reading blocks merged with the rows stored before them. */
import type { Database, RecordCipher } from '@tidepool/kit';
import type { DataSchema } from '../db/schema.js';
import { readBlockEntries } from './block-entries.js';
import { readDataPages, type DataFilter } from './data-pages.js';
import { compareEntries, withIntegrityCheck, type DatumEntry, type DatumRow } from './datum-codec.js';
import { createBlockReader, type BlockReader } from './reading-blocks.js';

type Pages = AsyncGenerator<DatumEntry[], void, undefined>;

/** Rows read through their own envelope or block entry (legacy rows, `latest`, upload records) as entries. */
export async function rowEntries(rows: readonly DatumRow[], blocks: BlockReader): Promise<DatumEntry[]> {
  await blocks.load(rows);
  return withIntegrityCheck(() =>
    rows.map((row) => ({
      storageName: row.storageName,
      id: row.id,
      type: row.type,
      subType: row.subType,
      time: row.time,
      createdTime: row.createdTime,
      sourceId: row.sourceId,
      members: blocks.readingsMembers(row),
      identity: row.identity,
      identityInRow: false,
    })),
  );
}

async function* legacyEntries(
  db: Database<DataSchema>,
  cipher: RecordCipher,
  filter: DataFilter,
  pageSize: number,
): Pages {
  const blocks = createBlockReader(db, cipher);
  for await (const page of readDataPages(db, { ...filter, legacyOnly: true }, pageSize)) {
    yield await rowEntries(page, blocks);
  }
}

/**
 * Whether the user has rows stored before time-indexed blocks (migration 0002) that match
 * `filter`: only then does a read merge rows with blocks (one indexed probe).
 */
export async function hasLegacyData(db: Database<DataSchema>, filter: DataFilter): Promise<boolean> {
  const pages = readDataPages(db, { ...filter, legacyOnly: true }, 1);
  try {
    return (await pages.next()).done !== true;
  } finally {
    await pages.return(undefined);
  }
}

/**
 * The data matching `filter` sorted by time then id, in pages: the format-2 blocks, merged with
 * the rows stored before them (migration 0002) when the user has any. Memory holds a page of
 * each.
 */
export async function* readDatumEntries(
  db: Database<DataSchema>,
  cipher: RecordCipher,
  filter: DataFilter,
  pageSize: number,
): Pages {
  const blocks = readBlockEntries(db, cipher, filter);
  const legacy = legacyEntries(db, cipher, filter, pageSize);
  try {
    const firstLegacy = await legacy.next();
    if (firstLegacy.done === true) {
      yield* blocks;
      return;
    }
    yield* mergeSorted(blocks, prepend(firstLegacy.value, legacy), pageSize);
  } finally {
    await Promise.all([blocks.return(undefined), legacy.return(undefined)]);
  }
}

async function* prepend(first: DatumEntry[], rest: Pages): Pages {
  yield first;
  yield* rest;
}

/** A position in a stream of pages. */
class Cursor {
  private page: DatumEntry[] = [];
  private index = 0;
  private done = false;

  constructor(private readonly pages: Pages) {}

  /** The entry at the position (reading the next page when this one is used up); undefined at the end. */
  async current(): Promise<DatumEntry | undefined> {
    while (this.index >= this.page.length && !this.done) {
      const next = await this.pages.next();
      if (next.done === true) this.done = true;
      else [this.page, this.index] = [next.value, 0];
    }
    return this.page[this.index];
  }

  advance(): void {
    this.index += 1;
  }
}

/** Two sorted page streams as one, in pages of at most `pageSize`. */
async function* mergeSorted(left: Pages, right: Pages, pageSize: number): Pages {
  const [a, b] = [new Cursor(left), new Cursor(right)];
  let out: DatumEntry[] = [];
  for (;;) {
    const [fromA, fromB] = [await a.current(), await b.current()];
    if (fromA === undefined && fromB === undefined) break;
    const takeA = fromB === undefined || (fromA !== undefined && compareEntries(fromA, fromB) <= 0);
    out.push((takeA ? fromA : fromB) as DatumEntry);
    (takeA ? a : b).advance();
    if (out.length >= pageSize) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
