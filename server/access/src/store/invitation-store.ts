/**
 * Invitations by email (DESIGN.md §6, §9): found by the key of their group and of their address,
 * the group id, address and permissions sealed; status and times in clear.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Database, RecordCipher, SaltRing } from '@tidepool/kit';
import type { InvitationStatus } from '@tidepool/spec';
import { invitations, type AccessSchema } from '../db/schema.js';
import { emailKey, emailKeys, normalizeEmail, userKey, userKeys } from '../keys/lookup-keys.js';
import {
  invitationAssociatedData,
  openSealed,
  SealedInvitationSchema,
  type SealedInvitation,
} from './sealed-records.js';

type InvitationRow = typeof invitations.$inferSelect;
type AccessDatabase = Database<AccessSchema>;

/** The statuses stored; `expired` is never stored but read from the expiry time. */
export type StoredStatus = Exclude<InvitationStatus, 'expired'>;

/** An invitation, opened. */
export interface StoredInvitation extends SealedInvitation {
  readonly id: string;
  readonly status: StoredStatus;
  readonly createdTime: Date;
  readonly expiresTime: Date;
}

export interface NewInvitation extends SealedInvitation {
  readonly createdTime: Date;
  readonly expiresTime: Date;
}

export interface InvitationStore {
  /** Stores an invitation, replacing the pending ones of the same group to the same address. */
  create(invitation: NewInvitation): Promise<StoredInvitation>;
  /** Every invitation of the group, newest first. */
  listByGroup(groupid: string): Promise<StoredInvitation[]>;
  /** The pending, unexpired invitations to any of the addresses, newest first. */
  listPendingTo(emails: readonly string[], now: Date): Promise<StoredInvitation[]>;
  /** One invitation, or undefined. */
  find(id: string): Promise<StoredInvitation | undefined>;
  /**
   * Moves a pending, unexpired invitation to `status`, rewriting it under the newest salt
   * version; false when it was no longer pending (another request came first).
   */
  close(invitation: StoredInvitation, status: StoredStatus, now: Date, db?: AccessDatabase): Promise<boolean>;
  /** Deletes the invitations of a group (erasure). */
  eraseGroup(groupid: string): Promise<void>;
  /** Deletes the invitations to the addresses (erasure). */
  eraseTo(emails: readonly string[]): Promise<void>;
}

/** 128 random bits, URL-safe: an invitation id is not guessable. */
function newInvitationId(): string {
  return randomBytes(16).toString('base64url');
}

const STORED_STATUSES: ReadonlySet<string> = new Set<StoredStatus>([
  'pending',
  'accepted',
  'declined',
  'canceled',
]);

/** Creates the store over the permissions database. */
export function createInvitationStore(
  database: AccessDatabase,
  ring: SaltRing,
  cipher: RecordCipher,
): InvitationStore {
  function open(row: InvitationRow): StoredInvitation {
    const sealed = openSealed(
      cipher,
      row.envelope,
      invitationAssociatedData(row.groupKey, row.id, row.emailKey),
      SealedInvitationSchema,
      'invitation',
    );
    if (!STORED_STATUSES.has(row.status)) throw new Error('An invitation has an unknown status.');
    return {
      ...sealed,
      id: row.id,
      status: row.status as StoredStatus,
      createdTime: row.createdTime,
      expiresTime: row.expiresTime,
    };
  }

  /** Rows whose `column` is the key of one of `keys` under the row's own version. */
  function keyCondition(column: 'groupKey' | 'emailKey', keys: readonly { version: number; key: string }[]) {
    const conditions = keys.map(({ version, key }) =>
      and(eq(invitations.keyVersion, version), eq(invitations[column], key)),
    );
    return or(...conditions) ?? sql`false`;
  }

  function emailCondition(emails: readonly string[]): SQL {
    return keyCondition(
      'emailKey',
      emails.flatMap((email) => emailKeys(ring, email)),
    );
  }

  const newestFirst = (left: StoredInvitation, right: StoredInvitation) =>
    right.createdTime.getTime() - left.createdTime.getTime() || left.id.localeCompare(right.id);

  function sealedRow(id: string, contents: SealedInvitation) {
    const groupKey = userKey(ring, contents.groupid);
    const addressKey = emailKey(ring, contents.email);
    const envelope = cipher.sealJson(
      { groupid: contents.groupid, email: contents.email, permissions: contents.permissions },
      invitationAssociatedData(groupKey, id, addressKey),
    );
    return { groupKey, emailKey: addressKey, keyVersion: ring.current.version, envelope };
  }

  return {
    async create(invitation) {
      const id = newInvitationId();
      const pairs = ring.versions.map((version) =>
        and(
          eq(invitations.keyVersion, version),
          eq(invitations.groupKey, userKey(ring, invitation.groupid, version)),
          eq(invitations.emailKey, emailKey(ring, invitation.email, version)),
        ),
      );
      await database.transaction(async (transaction) => {
        // Two sends to one address at once must leave one pending invitation, not two.
        const lockName = `access:invitation:${userKey(ring, invitation.groupid)}:${emailKey(ring, invitation.email)}`;
        await transaction.execute(sql`select pg_advisory_xact_lock(hashtext(${lockName}))`);
        await transaction
          .delete(invitations)
          .where(and(eq(invitations.status, 'pending'), or(...pairs) ?? sql`false`));
        await transaction.insert(invitations).values({
          id,
          status: 'pending',
          createdTime: invitation.createdTime,
          expiresTime: invitation.expiresTime,
          ...sealedRow(id, invitation),
        });
      });
      return { ...invitation, id, status: 'pending' };
    },

    async listByGroup(groupid) {
      const rows = await database
        .select()
        .from(invitations)
        .where(keyCondition('groupKey', userKeys(ring, groupid)));
      return rows
        .map(open)
        .filter((invitation) => invitation.groupid === groupid)
        .sort(newestFirst);
    },

    async listPendingTo(emails, now) {
      if (emails.length === 0) return [];
      const wanted = new Set(emails.map(normalizeEmail));
      const rows = await database
        .select()
        .from(invitations)
        .where(
          and(eq(invitations.status, 'pending'), gt(invitations.expiresTime, now), emailCondition(emails)),
        );
      return rows
        .map(open)
        .filter((invitation) => wanted.has(normalizeEmail(invitation.email)))
        .sort(newestFirst);
    },

    async find(id) {
      const [row] = await database.select().from(invitations).where(eq(invitations.id, id));
      return row === undefined ? undefined : open(row);
    },

    async close(invitation, status, now, db = database) {
      const changed = await db
        .update(invitations)
        .set({ status, ...sealedRow(invitation.id, invitation) })
        .where(
          and(
            eq(invitations.id, invitation.id),
            eq(invitations.status, 'pending'),
            gt(invitations.expiresTime, now),
          ),
        )
        .returning({ id: invitations.id });
      return changed.length === 1;
    },

    async eraseGroup(groupid) {
      await database.delete(invitations).where(keyCondition('groupKey', userKeys(ring, groupid)));
    },

    async eraseTo(emails) {
      if (emails.length === 0) return;
      await database.delete(invitations).where(emailCondition(emails));
    },
  };
}
