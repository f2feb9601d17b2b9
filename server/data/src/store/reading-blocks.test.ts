import { describe, expect, it } from 'vitest';
import { DecryptionError, generateSalt, parseSaltRing } from '@tidepool/kit';
import { createCachedSystemCipher } from '../keys/cached-ciphers.js';
import { blockEntryKey, blockGroup, newBlockId, sealBlock } from './reading-blocks.js';

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

  it('seals one line per entry under the block id, which another block id does not open', () => {
    const cipher = createCachedSystemCipher(ring, 'data/readings');
    const blockId = newBlockId();
    expect(blockId).toMatch(/^[\w-]{22}$/);
    const entries = [
      { key: blockEntryKey(row), readings: '{"units":"mmol/L","value":5.5}' },
      { key: blockEntryKey({ ...row, subType: 'tab\there' }), readings: '{"notes":"line\\nbreak"}' },
    ];
    const envelope = sealBlock(cipher, storageName, blockId, entries);
    const text = cipher.open(envelope, { storageName, recordId: `block/${blockId}` }).toString('utf8');
    expect(text.split('\n')).toEqual(entries.map((entry) => `${entry.key}\t${entry.readings}`));
    expect(() => cipher.open(envelope, { storageName, recordId: `block/${newBlockId()}` })).toThrow(
      DecryptionError,
    );
  });
});
