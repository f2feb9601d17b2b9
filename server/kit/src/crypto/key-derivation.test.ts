import { describe, expect, it } from 'vitest';
import {
  assertPurpose,
  deriveRecordKey,
  deriveSystemKey,
  deriveSystemScopeKey,
  KEY_LENGTH,
} from './key-derivation.js';
import { createPair } from './pair.js';
import type { DeploySalt } from './deploy-salt.js';
import { generateSalt, parseSaltRing } from './salt-ring.js';

function freshSalt(): DeploySalt {
  return parseSaltRing('MESSAGE_SALT_DEPLOY', generateSalt()).current;
}

describe('deriveRecordKey', () => {
  it('derives a 256-bit key, once per salt, pair and purpose', () => {
    const salt = freshSalt();
    const pair = createPair();
    const key = deriveRecordKey(salt, pair, 'messages/text');
    expect(key.symmetricKeySize).toBe(KEY_LENGTH);
    expect(deriveRecordKey(salt, { ...pair }, 'messages/text')).toBe(key);
  });

  it('gives different keys for different salts, pairs and purposes', () => {
    const salt = freshSalt();
    const pair = createPair();
    const key = deriveRecordKey(salt, pair, 'messages/text');
    expect(key.equals(deriveRecordKey(freshSalt(), pair, 'messages/text'))).toBe(false);
    expect(key.equals(deriveRecordKey(salt, createPair(), 'messages/text'))).toBe(false);
    expect(key.equals(deriveRecordKey(salt, pair, 'messages/author'))).toBe(false);
  });
});

describe('deriveSystemKey and deriveSystemScopeKey', () => {
  it('derive the same aggregate key for the same salt and purpose, different for another salt', () => {
    const salt = freshSalt();
    const key = deriveSystemKey(salt, 'data/readings');
    expect(key.symmetricKeySize).toBe(KEY_LENGTH);
    expect(deriveSystemKey(salt, 'data/readings')).toBe(key);
    expect(key.equals(deriveSystemKey(freshSalt(), 'data/readings'))).toBe(false);
    expect(key.equals(deriveSystemKey(salt, 'data/other'))).toBe(false);
  });

  it('give each scope its own sub-key, distinct from the aggregate key itself', () => {
    const salt = freshSalt();
    const first = deriveSystemScopeKey(salt, 'data/readings', 'a'.repeat(64));
    const second = deriveSystemScopeKey(salt, 'data/readings', 'b'.repeat(64));
    expect(first.equals(second)).toBe(false);
    expect(first.equals(deriveSystemKey(salt, 'data/readings'))).toBe(false);
    expect(deriveSystemScopeKey(salt, 'data/readings', 'a'.repeat(64))).toBe(first);
  });
});

describe('assertPurpose', () => {
  it('accepts labels of lowercase words joined by slashes or dashes', () => {
    for (const purpose of ['metadata/document', 'data/identity', 'messages/text', 'data/upload-metadata']) {
      expect(() => {
        assertPurpose(purpose);
      }).not.toThrow();
    }
  });

  it.each(['', 'Metadata/document', 'metadata document', 'metadata//document', '/data', 'x'.repeat(101)])(
    'rejects %j',
    (purpose) => {
      expect(() => {
        assertPurpose(purpose);
      }).toThrow(TypeError);
    },
  );
});
