/** Reading blocks (DESIGN.md §6): the de-identified fields of many data sealed in one envelope under the aggregate key. */
import { randomBytes } from 'node:crypto';
import { and, inArray } from 'drizzle-orm';
import { DecryptionError, type AssociatedData, type Database, type RecordCipher } from '@tidepool/kit';
import { readingBlocks, type DataSchema } from '../db/schema.js';
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

function blockAssociatedData(storageName: string, blockId: string): AssociatedData {
  return { storageName, recordId: `block/${blockId}` };
}

/**
 * Seals the entries of a block: one line per datum, its entry key, a tab, its readings' JSON.
 * JSON text never holds a raw tab or newline (JSON.stringify escapes control characters), so
 * the lines split back unambiguously.
 */
export function sealBlock(
  cipher: RecordCipher,
  storageName: string,
  blockId: string,
  entries: readonly { readonly key: string; readonly readings: string }[],
): Buffer {
  const plaintext = Buffer.from(entries.map((entry) => `${entry.key}\t${entry.readings}`).join('\n'), 'utf8');
  try {
    return cipher.seal(plaintext, blockAssociatedData(storageName, blockId));
  } finally {
    plaintext.fill(0);
  }
}

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
    return line.slice(key.length + 2, -1);
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
        })
        .from(readingBlocks)
        .where(and(inArray(readingBlocks.storageName, storageNames), inArray(readingBlocks.id, missing)));
      for (const block of found) {
        const text = withIntegrityCheck(() =>
          openJsonText(cipher, block.readings, blockAssociatedData(block.storageName, block.id)),
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
