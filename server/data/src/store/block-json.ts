/** A reading block's data written as JSON bytes straight from its plaintext: the hot path of a query (DESIGN.md §9). */
import { DecryptionError, type RecordCipher } from '@tidepool/kit';
import type { DataFilter } from './data-pages.js';
import type { StoredBlock } from './block-entries.js';
import { DATUM_SEPARATOR } from './datum-json-stream.js';
import { blockAssociatedData } from './reading-blocks.js';

/** The entries a block read answers beyond its type and source: a time range and subTypes (undefined: any). */
export interface EntryWindow {
  /** ISO 8601 in UTC to the millisecond, both ends included. */
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly subTypes: ReadonlySet<string> | undefined;
}

/** The window of a query's filter (its types and sources choose the blocks read). */
export function entryWindow(filter: DataFilter): EntryWindow {
  return {
    start: filter.start?.toISOString(),
    end: filter.end?.toISOString(),
    subTypes: filter.subTypes === undefined ? undefined : new Set(filter.subTypes),
  };
}

const altered = () =>
  new DecryptionError('authentication-failed', 'A reading block does not match its clear columns.');

/**
 * The data of one format-2 block that fall in `window`, as JSON objects each preceded by
 * `DATUM_SEPARATOR`
 * (`,\n{"id":…,"type":…,"subType":…,"time":…,<source members>,<readings>,"createdTime":…}`),
 * the same text `datumJson` writes, made of slices of the plaintext into one text a block, without
 * an object a datum, a sort or a page join. Undefined when the block needs the general path: an
 * entry with identifying fields (its row is to be read) or entries not strictly in (time, id) order.
 *
 * Every entry is checked as the general path checks it: a line as `sealBlock` writes it, of the
 * block's type, and (the entries being in order) the first at or after the block's first time, the
 * last at or before its last time. A failure throws a DecryptionError (the integrity problem).
 */
export function blockJson(
  cipher: RecordCipher,
  block: StoredBlock,
  sourceMembers: string,
  window: EntryWindow,
): Buffer | undefined {
  const envelope = Buffer.isBuffer(block.readings)
    ? block.readings
    : Buffer.from(block.readings.buffer, block.readings.byteOffset, block.readings.byteLength);
  // A block whose source row is gone opens under no key: it fails as altered.
  const plaintext = cipher.open(
    envelope,
    blockAssociatedData(block.storageName, block.id, block.sourceKey ?? ''),
  );
  let text: string;
  try {
    text = plaintext.toString('utf8');
  } finally {
    plaintext.fill(0);
  }
  return render(text, block, sourceMembers, window);
}

function render(
  text: string,
  block: StoredBlock,
  sourceMembers: string,
  window: EntryWindow,
): Buffer | undefined {
  const { type, firstTime, lastTime } = block;
  const afterId = `","type":${JSON.stringify(type)}`;
  const afterTime = `",${sourceMembers}`;
  const tail = `,"createdTime":"${block.createdTime}"}`;
  const { start, end, subTypes } = window;
  // One flat text a block (a few hundred data): V8 joins the pieces, and one encoding makes the chunk.
  let out = '';
  let [previousId, previousTime] = ['', ''];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const idEnd = text.indexOf(' ', lineStart);
    const typeEnd = idEnd < 0 ? -1 : text.indexOf(' ', idEnd + 1);
    const timeEnd = typeEnd < 0 ? -1 : text.indexOf(' ', typeEnd + 1);
    const tab = timeEnd < 0 ? -1 : text.indexOf('\t', timeEnd + 1);
    if (idEnd <= lineStart || tab < 0 || tab >= lineEnd) throw altered();
    if (typeEnd - idEnd - 1 !== type.length || !text.startsWith(type, idEnd + 1)) throw altered();
    if (text.charCodeAt(tab + 1) === STAR) return undefined;
    if (
      text.charCodeAt(tab + 1) !== OPEN_BRACE ||
      text.charCodeAt(lineEnd - 1) !== CLOSE_BRACE ||
      lineEnd - tab < 3
    ) {
      throw altered();
    }
    const id = text.slice(lineStart, idEnd);
    const time = text.slice(typeEnd + 1, timeEnd);
    if (previousTime === '') {
      if (time < firstTime) throw altered();
    } else if (time < previousTime || (time === previousTime && id <= previousId)) {
      // Not strictly in (time, id) order: the general path sorts the entries.
      return undefined;
    }
    [previousId, previousTime] = [id, time];
    lineStart = lineEnd + 1;
    if ((start !== undefined && time < start) || (end !== undefined && time > end)) continue;
    const subType = text.slice(timeEnd + 1, tab);
    if (subTypes !== undefined && (subType === '' || !subTypes.has(JSON.parse(subType) as string))) continue;
    out += `${DATUM_SEPARATOR}{"id":"${id}${afterId}`;
    // The subType is in the line as JSON text already.
    if (subType !== '') out += `,"subType":${subType}`;
    out += `,"time":"${time}${afterTime}`;
    // The readings' members: their object without its braces, nothing for `{}`.
    if (lineEnd - tab > 3) out += `,${text.slice(tab + 2, lineEnd - 1)}`;
    out += tail;
  }
  if (previousTime > lastTime) throw altered();
  return Buffer.from(out, 'utf8');
}

const [STAR, OPEN_BRACE, CLOSE_BRACE] = ['*', '{', '}'].map((character) => character.charCodeAt(0));
