import { describe, expect, it } from 'vitest';
import { generateSalt, parseSaltRing } from '@tidepool/kit';
import { MessageIdSchema } from '@tidepool/spec';
import { createMessageIds } from './message-ids.js';

const ring = parseSaltRing('MESSAGE_SALT_DEPLOY', generateSalt());
const ids = createMessageIds(ring);
const LONGEST_USER_ID = 'f'.repeat(64);

/** The id with one character changed to another base64url character. */
function flipped(id: string, position: number): string {
  const replacement = id[position] === 'A' ? 'B' : 'A';
  return `${id.slice(0, position)}${replacement}${id.slice(position + 1)}`;
}

describe('message ids', () => {
  it.each(['0123456789', 'abcdef01234', LONGEST_USER_ID])(
    'finds the patient %s again from the id',
    (groupid) => {
      const created = ids.create(groupid);
      expect(ids.open(created.id)).toEqual(created);
      expect(created.groupid).toBe(groupid);
    },
  );

  it('fits the contract’s opaque id even for the longest user id', () => {
    const { id } = ids.create(LONGEST_USER_ID);
    expect(id).toHaveLength(107);
    expect(MessageIdSchema.safeParse(id).success).toBe(true);
  });

  it('makes a different id and row key for every message of the same patient', () => {
    const first = ids.create('0123456789');
    const second = ids.create('0123456789');
    expect(second.id).not.toBe(first.id);
    expect(second.rowKey).not.toBe(first.rowKey);
    expect(first.rowKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not show the patient in the id', () => {
    const { id } = ids.create('0123456789abcdef');
    expect(id).not.toContain('0123456789');
    expect(Buffer.from(id, 'base64url').toString('hex')).not.toContain('0123456789abcdef');
  });

  it('refuses a changed, truncated or extended id', () => {
    const { id } = ids.create('0123456789');
    for (const position of [0, 3, 20, id.length - 1]) expect(ids.open(flipped(id, position))).toBeUndefined();
    expect(ids.open(id.slice(0, -4))).toBeUndefined();
    expect(ids.open(`${id}AAAA`)).toBeUndefined();
    expect(ids.open('A')).toBeUndefined();
    expect(ids.open('not-an-id_at-all')).toBeUndefined();
  });

  it('refuses another spelling of the same bytes', () => {
    // A 10-digit user id makes a 53-byte envelope: 71 characters, the last carrying 2 unused bits.
    const { id } = ids.create('0123456789');
    const last = id.at(-1) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = Array.from(alphabet).find(
      (character) =>
        character !== last &&
        Buffer.from(`${id.slice(0, -1)}${character}`, 'base64url').equals(Buffer.from(id, 'base64url')),
    );
    expect(sameBytes).toBeDefined();
    expect(ids.open(`${id.slice(0, -1)}${sameBytes ?? ''}`)).toBeUndefined();
  });

  it('refuses the ids of another deploy', () => {
    const other = createMessageIds(parseSaltRing('MESSAGE_SALT_DEPLOY', generateSalt()));
    expect(ids.open(other.create('0123456789').id)).toBeUndefined();
  });

  it('keeps opening old ids at the same row after the salt is rotated, until the old version is dropped', () => {
    const v1 = generateSalt();
    const before = createMessageIds(parseSaltRing('MESSAGE_SALT_DEPLOY', `v1:${v1}`)).create('0123456789');
    const rotated = createMessageIds(parseSaltRing('MESSAGE_SALT_DEPLOY', `v2:${generateSalt()},v1:${v1}`));
    expect(rotated.open(before.id)).toEqual(before);
    const fresh = rotated.create('0123456789');
    expect(rotated.open(fresh.id)?.groupid).toBe('0123456789');
    const dropped = createMessageIds(parseSaltRing('MESSAGE_SALT_DEPLOY', `v2:${generateSalt()}`));
    expect(dropped.open(before.id)).toBeUndefined();
  });
});
