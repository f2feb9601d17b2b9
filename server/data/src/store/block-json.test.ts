import { describe, expect, it } from 'vitest';
import { DecryptionError, generateSalt, parseSaltRing } from '@tidepool/kit';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import { blockEntries, entryMatcher, type StoredBlock } from './block-entries.js';
import { blockJson, entryWindow } from './block-json.js';
import type { DataFilter } from './data-pages.js';
import { datumJson } from './datum-codec.js';
import { DATUM_SEPARATOR } from './datum-json-stream.js';
import { blockEntryKey, sealBlock, type BlockEntryInput } from './reading-blocks.js';

const ring = parseSaltRing('DATA_SALT_DEPLOY', generateSalt());
const cipher = createCachedSystemCipher(ring, 'data/readings');
const storageName = 'a'.repeat(64);
const sourceKey = 'source-key';
const members = '"deviceId":"pump-7","uploadId":"upload-ü"';

interface Line {
  readonly id: string;
  readonly subType: string | null;
  readonly time: string;
  readonly readings: string;
  readonly identified?: boolean;
}

const lines: Line[] = [
  { id: '1'.repeat(64), subType: 'normal', time: '2024-05-01T07:00:00.000Z', readings: '{"normal":4.5}' },
  { id: '2'.repeat(64), subType: null, time: '2024-05-01T08:00:00.000Z', readings: '{}' },
  { id: '0'.repeat(64), subType: 'square', time: '2024-05-01T09:00:00.000Z', readings: '{"note":"é\\t"}' },
  { id: '3'.repeat(64), subType: 'square', time: '2024-05-01T09:00:00.000Z', readings: '{"extended":3}' },
  { id: '4'.repeat(64), subType: 'a "b"', time: '2024-05-01T12:00:00.000Z', readings: '{"normal":1}' },
];

/** A format-2 block of `entries` (in the given order), its clear columns as the ingest writes them. */
function block(entries: readonly Line[], columns: Partial<StoredBlock> = {}): StoredBlock {
  const id = `block-${String(entries.length)}`;
  const inputs = entries.map((line): BlockEntryInput => ({
    key: blockEntryKey({ id: line.id, type: 'bolus', subType: line.subType, time: line.time }),
    readings: line.readings,
    identified: line.identified ?? false,
  }));
  const times = entries.map((line) => line.time).sort();
  return {
    storageName,
    id,
    sourceId: 7,
    sourceKey,
    type: 'bolus',
    firstTime: times[0] ?? '',
    lastTime: times.at(-1) ?? '',
    createdTime: '2024-05-02T00:00:00.000Z',
    readings: sealBlock(cipher, storageName, { id, sourceKey }, inputs),
    ...columns,
  };
}

/** What the general path answers for the block: its entries opened, filtered, each through `datumJson`. */
function generalJson(stored: StoredBlock, filter: DataFilter): string {
  return blockEntries(cipher, stored)
    .filter(entryMatcher(filter))
    .map((entry) => `${DATUM_SEPARATOR}${datumJson(entry, members, entry.members, cipher)}`)
    .join('');
}

const filters: DataFilter[] = [
  { storageNames: [storageName] },
  {
    storageNames: [storageName],
    start: new Date('2024-05-01T08:00:00Z'),
    end: new Date('2024-05-01T09:00:00Z'),
  },
  { storageNames: [storageName], subTypes: ['square', 'a "b"'] },
  { storageNames: [storageName], start: new Date('2024-06-01T00:00:00Z') },
];

describe('a block written as JSON from its plaintext', () => {
  it('writes the text the general path writes, for every filter', () => {
    const stored = block(lines);
    for (const filter of filters) {
      const written = blockJson(cipher, stored, members, entryWindow(filter))?.toString('utf8');
      expect(written).toBe(generalJson(stored, filter));
    }
    const all = JSON.parse(
      `[${(blockJson(cipher, stored, members, entryWindow(filters[0] ?? { storageNames: [] })) ?? Buffer.alloc(0)).toString('utf8').slice(1)}]`,
    ) as unknown[];
    expect(all).toHaveLength(lines.length);
    expect(all[2]).toMatchObject({ subType: 'square', note: 'é\t', uploadId: 'upload-ü' });
    expect(all[1]).not.toHaveProperty('value');
  });

  it('leaves to the general path a block with identified data or entries out of order', () => {
    const window = entryWindow({ storageNames: [storageName] });
    const identified = lines.map((line, index) => (index === 1 ? { ...line, identified: true } : line));
    expect(blockJson(cipher, block(identified), members, window)).toBeUndefined();
    const swapped = [lines[0], lines[3], lines[2], lines[4]].filter((line) => line !== undefined);
    expect(blockJson(cipher, block(swapped), members, window)).toBeUndefined();
    const repeated = [lines[0], lines[0]].filter((line) => line !== undefined);
    expect(blockJson(cipher, block(repeated), members, window)).toBeUndefined();
  });

  it('refuses a block whose entries fall outside its clear span or type, or bound to another source', () => {
    const window = entryWindow({ storageNames: [storageName] });
    const altered = [
      block(lines, { firstTime: '2024-05-01T07:00:00.001Z' }),
      block(lines, { lastTime: '2024-05-01T11:59:59.999Z' }),
      block(lines, { type: 'bolu' }),
      block(lines, { type: 'bolus ' }),
      block(lines, { sourceKey: 'another-source' }),
      block(lines, { sourceKey: null }),
    ];
    for (const stored of altered) {
      expect(() => blockJson(cipher, stored, members, window)).toThrow(DecryptionError);
    }
  });

  it('refuses a line that is not as sealBlock writes it', () => {
    const window = entryWindow({ storageNames: [storageName] });
    const malformed = (text: string) => ({
      ...block(lines.slice(0, 1)),
      readings: cipher.seal(Buffer.from(text), { storageName, recordId: `block/block-1/${sourceKey}` }),
    });
    const good = `${'1'.repeat(64)} bolus 2024-05-01T07:00:00.000Z "normal"\t{"normal":4.5}`;
    expect(blockJson(cipher, malformed(good), members, window)?.length).toBeGreaterThan(0);
    for (const text of [
      '',
      good.replace('\t', ' '),
      good.slice(0, -1),
      `${good}\n`,
      good.replace(' bolus', 'bolus'),
    ]) {
      expect(() => blockJson(cipher, malformed(text), members, window)).toThrow(DecryptionError);
    }
  });
});
