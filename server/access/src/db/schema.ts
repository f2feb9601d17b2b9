/**
 * The permissions database (DESIGN.md §6): it names nobody. Rows are found by HMACs of user ids
 * and email addresses under ACCESS_SALT_DEPLOY (see `src/keys/`); the ids, addresses and
 * permissions themselves are sealed with the access system cipher, bound to the row's keys.
 */
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** PostgreSQL `bytea` as a Buffer on both backends (postgres-js answers Buffers, PGlite Uint8Arrays). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * What one user (the grantee) may do with another's data (the group). The primary key serves
 * lookups by group; the second index serves "who shares with me".
 */
export const grants = pgTable(
  'grants',
  {
    /** `userKey` of the group's user id under `keyVersion`. */
    groupKey: text('group_key').notNull(),
    /** `userKey` of the grantee's user id under `keyVersion`. */
    granteeKey: text('grantee_key').notNull(),
    /** The deploy salt version both keys were made with; a changed row is rewritten under the newest. */
    keyVersion: integer('key_version').notNull(),
    /** `{groupid, userid, permissions}` sealed for (groupKey, granteeKey). */
    envelope: bytes('envelope').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.groupKey, table.granteeKey] }),
    index('grants_grantee_key_index').on(table.granteeKey),
  ],
);

/** Invitations by email. The status and times are in clear so that lists and expiry need no key. */
export const invitations = pgTable(
  'invitations',
  {
    /** Random, URL-safe; the id clients see. */
    id: text('id').primaryKey(),
    groupKey: text('group_key').notNull(),
    /** `emailKey` of the lower-cased address under `keyVersion`. */
    emailKey: text('email_key').notNull(),
    keyVersion: integer('key_version').notNull(),
    /** `pending`, `accepted`, `declined` or `canceled`; `expired` is computed from `expiresTime`. */
    status: text('status').notNull(),
    createdTime: time('created_time').notNull(),
    expiresTime: time('expires_time').notNull(),
    /** `{groupid, email, permissions}` sealed for (groupKey, id and emailKey). */
    envelope: bytes('envelope').notNull(),
  },
  (table) => [
    index('invitations_group_key_index').on(table.groupKey),
    index('invitations_email_key_index').on(table.emailKey),
    check(
      'invitations_status_check',
      sql`${table.status} in ('pending', 'accepted', 'declined', 'canceled')`,
    ),
  ],
);

/** Invitations sent per group within the current window: a fixed-window counter under the group's key. */
export const invitationCounts = pgTable('invitation_counts', {
  groupKey: text('group_key').primaryKey(),
  windowStart: time('window_start').notNull(),
  count: integer('count').notNull(),
});

/** Every table, for Drizzle's relational queries and for `openDatabase`. */
export const schema = { grants, invitations, invitationCounts };

export type AccessSchema = typeof schema;
