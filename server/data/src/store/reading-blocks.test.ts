import { describe, expect, it } from 'vitest';
import { DecryptionError, generateSalt, parseSaltRing } from '@tidepool/kit';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import {
  blockAssociatedData,
  blockEntryKey,
  blockGroup,
  newBlockId,
  parseEntryLine,
  sealBlock,
} from './reading-blocks.js';

const ring = parseSaltRing('DATA_SALT_DEPLOY', generateSalt());
const storageName = 'a'.repeat(64);
const row = { id: 'b'.repeat(64), type: 'cbg', subType: null, time: '2024-05-01T08:30:00.000Z' };

describe('reading blocks', () => {
  it('gives every distinct set of clear columns its own entry key', () => {
    const keys = [
      row,
      { ...row, subType: '' },
      { ...row, subType: 'null' },
      { ...row, subType: 'a b' },
      { ...row, type: 'smbg' },
      { ...row, time: '2024-05-01T08:30:00.001Z' },
      { ...row, id: 'c'.repeat(64) },
    ].map(blockEntryKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('groups data by type, source and UTC day', () => {
    const morning = new Date('2024-05-01T00:00:00Z');
    const evening = new Date('2024-05-01T23:59:59.999Z');
    expect(blockGroup('cbg', 'source', morning)).toBe(blockGroup('cbg', 'source', evening));
    expect(blockGroup('cbg', 'source', morning)).not.toBe(
      blockGroup('cbg', 'source', new Date('2024-05-02T00:00:00Z')),
    );
    expect(blockGroup('cbg', 'source', morning)).not.toBe(blockGroup('smbg', 'source', morning));
    expect(blockGroup('cbg', 'source', morning)).not.toBe(blockGroup('cbg', 'other', morning));
  });

  it('seals one line per entry under the block id and source, which another of either does not open', () => {
    const cipher = createCachedSystemCipher(ring, 'data/readings');
    const block = { id: newBlockId(), sourceKey: 'd'.repeat(64) };
    expect(block.id).toMatch(/^[\w-]{22}$/);
    const entries = [
      { key: blockEntryKey(row), readings: '{"units":"mmol/L","value":5.5}', identified: false },
      {
        key: blockEntryKey({ ...row, subType: 'tab\there' }),
        readings: '{"notes":"line\\nbreak"}',
        identified: true,
      },
    ];
    const envelope = sealBlock(cipher, storageName, block, entries);
    const text = cipher
      .open(envelope, blockAssociatedData(storageName, block.id, block.sourceKey))
      .toString('utf8');
    expect(text.split('\n')).toEqual([
      `${entries[0]?.key}\t${entries[0]?.readings}`,
      `${entries[1]?.key}\t*${entries[1]?.readings}`,
    ]);
    for (const [id, sourceKey] of [
      [newBlockId(), block.sourceKey],
      [block.id, 'e'.repeat(64)],
    ] as const) {
      expect(() => cipher.open(envelope, blockAssociatedData(storageName, id, sourceKey))).toThrow(
        DecryptionError,
      );
    }
  });

  it('splits a line back into its clear columns, readings and identity mark', () => {
    const withSubType = { ...row, subType: 'a b\tc' };
    expect(parseEntryLine(`${blockEntryKey(withSubType)}\t*{"value":5.5}`)).toEqual({
      ...withSubType,
      members: '"value":5.5',
      identified: true,
    });
    expect(parseEntryLine(`${blockEntryKey(row)}\t{}`)).toEqual({ ...row, members: '', identified: false });
    expect(parseEntryLine('not an entry')).toBeUndefined();
  });
});
