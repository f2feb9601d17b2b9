/**
 * Message ids: the patient's user id and 128 random bits, sealed with the message system's key
 * (DESIGN.md §6). The routes `thread`, `read`, `edit`, `remove` and `reply` get only a message
 * id, yet must find the patient's `messages` pair; the id carries the patient, readable only with
 * MESSAGE_SALT_DEPLOY, so the database need not. Rows are keyed by an HMAC of the id, so that even
 * with the database and the salt, a row cannot be tied to a patient without the id clients hold.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  DecryptionError,
  createSystemCipher,
  deriveSystemKey,
  readKeyVersion,
  type SaltRing,
} from '@tidepool/kit';
import { UserIdSchema } from '@tidepool/spec';

/** A message id, what it names, and the key of its row. */
export interface MessageIdentity {
  /** What clients hold: base64url, at most 107 characters (OpaqueIdSchema allows 128). */
  readonly id: string;
  /** The patient whose data the message is about. */
  readonly groupid: string;
  /** The primary key of the message's row. */
  readonly rowKey: string;
}

/** Makes and reads message ids under one deploy salt ring. */
export interface MessageIds {
  /** A fresh id for a message on the data of `groupid`. */
  create(groupid: string): MessageIdentity;
  /** What an id names; undefined when this deploy did not make it (tampered, truncated, foreign, old salt gone). */
  open(id: string): MessageIdentity | undefined;
}

const RANDOM_BYTES = 16;
/**
 * The envelope of an id is bound to this constant scope: the id is what locates everything else.
 * So one key seals every id of a salt version; its limit of 2^32 random nonces (NIST SP 800-38D
 * §8.3) is far beyond the notes any deploy will hold.
 */
const ID_ASSOCIATED_DATA = { storageName: 'message-ids', recordId: 'message-id' } as const;
const ID_PURPOSE = 'messages/id';
const ROW_KEY_PURPOSE = 'messages/row-key';
/** User ids are 10 to 64 hex characters (UserIdSchema). */
const MINIMUM_GROUP_LENGTH = 10;
const MAXIMUM_GROUP_LENGTH = 64;

/**
 * The message ids of a deploy. Plaintext layout: one byte for the number of hex digits of the
 * user id, the digits packed two to a byte (a last odd digit padded with 0), 16 random bytes. So
 * the longest user id makes 1 + 32 + 16 bytes, an 80-byte envelope, 107 base64url characters.
 *
 * @example
 * const ids = createMessageIds(ring);
 * const { id, rowKey } = ids.create('0123456789');
 * ids.open(id)?.groupid; // '0123456789'
 */
export function createMessageIds(ring: SaltRing): MessageIds {
  const cipher = createSystemCipher({ ring, purpose: ID_PURPOSE });

  function rowKeyOf(id: string, version: number): string | undefined {
    const salt = ring.get(version);
    if (salt === undefined) return undefined;
    return createHmac('sha256', deriveSystemKey(salt, ROW_KEY_PURPOSE)).update(id, 'utf8').digest('hex');
  }

  return {
    create(groupid) {
      const plaintext = Buffer.concat([encodeGroup(groupid), randomBytes(RANDOM_BYTES)]);
      const envelope = cipher.seal(plaintext, ID_ASSOCIATED_DATA);
      const id = envelope.toString('base64url');
      const rowKey = rowKeyOf(id, cipher.keyVersion);
      if (rowKey === undefined) throw new RangeError(`${ring.variable} has no current version.`);
      return { id, groupid, rowKey };
    },
    open(id) {
      const envelope = Buffer.from(id, 'base64url');
      // Base64 has several spellings of some byte strings (unused trailing bits): only the one
      // this module writes names the row, so any other is not an id of ours.
      if (envelope.toString('base64url') !== id) return undefined;
      let plaintext: Buffer;
      try {
        plaintext = cipher.open(envelope, ID_ASSOCIATED_DATA);
      } catch (error) {
        if (error instanceof DecryptionError) return undefined;
        throw error;
      }
      const groupid = decodeGroup(plaintext);
      const rowKey = rowKeyOf(id, readKeyVersion(envelope));
      if (groupid === undefined || rowKey === undefined) return undefined;
      return { id, groupid, rowKey };
    },
  };
}

function encodeGroup(groupid: string): Buffer {
  if (!UserIdSchema.safeParse(groupid).success) throw new TypeError('A message id needs a user id.');
  const digits = groupid.length % 2 === 0 ? groupid : `${groupid}0`;
  return Buffer.concat([Buffer.from([groupid.length]), Buffer.from(digits, 'hex')]);
}

function decodeGroup(plaintext: Buffer): string | undefined {
  const length = plaintext[0];
  if (length === undefined || length < MINIMUM_GROUP_LENGTH || length > MAXIMUM_GROUP_LENGTH)
    return undefined;
  const packedLength = Math.ceil(length / 2);
  if (plaintext.length !== 1 + packedLength + RANDOM_BYTES) return undefined;
  const groupid = plaintext
    .subarray(1, 1 + packedLength)
    .toString('hex')
    .slice(0, length);
  return UserIdSchema.safeParse(groupid).success ? groupid : undefined;
}
