/** Reading blocks (DESIGN.md §6): the de-identified fields of many data sealed in one envelope under the aggregate key. */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { DecryptionError, type AssociatedData, type Database, type RecordCipher } from '@tidepool/kit';
import { readingBlocks, sources, type DataSchema } from '../db/schema.js';
import { openJsonText, readingsAssociatedData, withIntegrityCheck } from './datum-codec.js';

/**
 * The clear columns of a datum that its entry repeats. An AES-GCM open costs a few microseconds
 * of key setup whatever the size (a query of 90 days of CGM opened 26 000 envelopes), so the
 * readings of one type, source and day share one envelope, and each entry names its row.
 */
export interface BlockEntryColumns {
  readonly id: string;
  readonly type: string;
  readonly subType: string | null;
  /** ISO 8601 in UTC to the millisecond. */
  readonly time: string;
}

/** A row as the reader needs it: where its readings are, in a block or (stored before blocks) in the row. */
export interface BlockRow extends BlockEntryColumns {
  readonly storageName: string;
  readonly blockId: string | null;
  readonly blockIndex: number | null;
  readonly readings: Buffer | null;
}

/**
 * The text that ties an entry to its row: a row moved in time, retyped or given another id no
 * longer matches the entry its block index points at, and fails like an altered envelope.
 */
export function blockEntryKey(row: BlockEntryColumns): string {
  // Neither the hex id, the type nor the ISO time holds a space; the subType comes last, as JSON.
  return `${row.id} ${row.type} ${row.time} ${row.subType === null ? '' : JSON.stringify(row.subType)}`;
}

/** Data that go into one block: same type, source and UTC day. */
export function blockGroup(type: string, sourceKey: string, time: Date): string {
  return `${type}\0${sourceKey}\0${time.toISOString().slice(0, 10)}`;
}

/** A fresh block id: 128 random bits, naming nothing. */
export function newBlockId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Blocks whose entries are read by time without their rows, the source bound (from migration
 * 0002). New blocks of data with identifying fields are of this format: those fields are in the
 * rows, under the patient's key.
 */
export const TIME_INDEXED_FORMAT = 2;
/**
 * Blocks of plain readings (nothing identifying), read as format 2 is, whose data have no rows:
 * the block carries their count and ids (from migration 0003).
 */
export const ROWLESS_FORMAT = 3;

/**
 * What a block's envelope is bound to: its id, and from format 2 its source's key, so that a
 * block pointed at another source of the user (whose deviceId and uploadId it would then be
 * answered with) fails to open.
 */
export function blockAssociatedData(
  storageName: string,
  blockId: string,
  sourceKey: string | undefined,
): AssociatedData {
  return {
    storageName,
    recordId: sourceKey === undefined ? `block/${blockId}` : `block/${blockId}/${sourceKey}`,
  };
}

/** One entry of a block to seal. */
export interface BlockEntryInput {
  /** `blockEntryKey` of the datum. */
  readonly key: string;
  /** The readings' JSON object. */
  readonly readings: string;
  /** The datum has identifying fields (in its row, under the patient's key). */
  readonly identified: boolean;
}

/**
 * Seals the entries of a block: one line per datum, its entry key, a tab, `*` when the datum
 * has identifying fields in its row, its readings' JSON. JSON text never holds a raw tab or
 * newline (JSON.stringify escapes control characters), so the lines split back unambiguously.
 */
export function sealBlock(
  cipher: RecordCipher,
  storageName: string,
  block: { readonly id: string; readonly sourceKey: string },
  entries: readonly BlockEntryInput[],
): Buffer {
  const text = entries
    .map((entry) => `${entry.key}\t${entry.identified ? IDENTIFIED : ''}${entry.readings}`)
    .join('\n');
  const plaintext = Buffer.from(text, 'utf8');
  try {
    return cipher.seal(plaintext, blockAssociatedData(storageName, block.id, block.sourceKey));
  } finally {
    plaintext.fill(0);
  }
}

const IDENTIFIED = '*';

/** An entry's line split back into its clear columns, its readings' members and its identity mark. */
export interface ParsedEntry extends BlockEntryColumns {
  /** The readings' JSON without its braces ('' for `{}`). */
  readonly members: string;
  readonly identified: boolean;
}

/** Splits a line of a block (as `sealBlock` writes it); undefined when it is not one. */
export function parseEntryLine(line: string): ParsedEntry | undefined {
  const idEnd = line.indexOf(' ');
  const typeEnd = line.indexOf(' ', idEnd + 1);
  const timeEnd = line.indexOf(' ', typeEnd + 1);
  const tab = line.indexOf('\t', timeEnd + 1);
  if (idEnd < 0 || typeEnd < 0 || timeEnd < 0 || tab < 0) return undefined;
  const subTypeText = line.slice(timeEnd + 1, tab);
  const identified = line.charCodeAt(tab + 1) === STAR;
  return {
    id: line.slice(0, idEnd),
    type: line.slice(idEnd + 1, typeEnd),
    time: line.slice(typeEnd + 1, timeEnd),
    subType: subTypeText === '' ? null : (JSON.parse(subTypeText) as string),
    members: line.slice(tab + (identified ? 3 : 2), -1),
    identified,
  };
}

const STAR = IDENTIFIED.charCodeAt(0);

/** Opens the readings of the rows of a read, one envelope per block. */
export interface BlockReader {
  /**
   * Opens the blocks of `rows` not open yet, and forgets those `rows` do not need (memory holds
   * one page's). A block that fails to open rejects with the integrity problem.
   */
  load(rows: readonly BlockRow[]): Promise<void>;
  /** The JSON text of a row's readings; a DecryptionError when the row does not match its entry. */
  readingsText(row: BlockRow): string;
  /** `readingsText` without its braces: the members that go into the datum's JSON ('' for `{}`). */
  readingsMembers(row: BlockRow): string;
}

const TAB = 0x09;

const blockName = (storageName: string, blockId: string) => `${storageName}/${blockId}`;

/** A reader over `cipher` (the aggregate `data/readings` cipher). */
export function createBlockReader(db: Database<DataSchema>, cipher: RecordCipher): BlockReader {
  let open = new Map<string, readonly string[]>();
  /** The members of a row's readings, sliced from its entry (the hot path of a query: no copy, no parse). */
  function members(row: BlockRow): string {
    if (row.blockId === null || row.blockIndex === null) {
      // Stored before reading blocks: the row's own envelope, bound to its clear columns.
      if (row.readings === null) throw new DecryptionError('truncated', 'A datum has no readings.');
      return openJsonText(cipher, row.readings, readingsAssociatedData(row)).slice(1, -1);
    }
    const line = open.get(blockName(row.storageName, row.blockId))?.[row.blockIndex];
    const key = blockEntryKey(row);
    // An entry is `key`, a tab, and the readings' JSON object.
    if (line?.startsWith(key) !== true || line.charCodeAt(key.length) !== TAB) {
      throw new DecryptionError('authentication-failed', 'A datum does not match its reading block.');
    }
    return line.slice(key.length + (line.charCodeAt(key.length + 1) === STAR ? 3 : 2), -1);
  }
  return {
    async load(rows) {
      const wanted = new Map<string, { storageName: string; blockId: string }>();
      for (const row of rows) {
        if (row.blockId !== null) {
          wanted.set(blockName(row.storageName, row.blockId), {
            storageName: row.storageName,
            blockId: row.blockId,
          });
        }
      }
      const kept = new Map<string, readonly string[]>();
      const missing: string[] = [];
      for (const [name, block] of wanted) {
        const lines = open.get(name);
        if (lines === undefined) missing.push(block.blockId);
        else kept.set(name, lines);
      }
      open = kept;
      if (missing.length === 0) return;
      const storageNames = [...new Set([...wanted.values()].map((block) => block.storageName))];
      const found = await db
        .select({
          storageName: readingBlocks.storageName,
          id: readingBlocks.id,
          readings: readingBlocks.readings,
          format: readingBlocks.format,
          sourceKey: sources.sourceKey,
        })
        .from(readingBlocks)
        .leftJoin(sources, eq(sources.id, readingBlocks.sourceId))
        .where(and(inArray(readingBlocks.storageName, storageNames), inArray(readingBlocks.id, missing)));
      for (const block of found) {
        // A time-indexed block whose source row is gone opens under no key: it fails as altered.
        const sourceKey = block.format >= TIME_INDEXED_FORMAT ? (block.sourceKey ?? '') : undefined;
        const text = withIntegrityCheck(() =>
          openJsonText(cipher, block.readings, blockAssociatedData(block.storageName, block.id, sourceKey)),
        );
        open.set(blockName(block.storageName, block.id), text.split('\n'));
      }
    },

    readingsText(row) {
      return `{${members(row)}}`;
    },

    readingsMembers(row) {
      return members(row);
    },
  };
}
