/**
 * The messages database (DESIGN.md §6): notes and replies that name nobody. Rows are keyed by an
 * HMAC of the message id, grouped by the storage name of the patient's `messages` pair; who wrote
 * what, the text and the guid are sealed under the patient's own key.
 */
import { customType, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** PostgreSQL `bytea` as a Buffer on both backends (postgres-js answers Buffers, PGlite Uint8Arrays). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/** One note or reply. Only the thread structure, the times and the removal are in clear. */
export const messages = pgTable(
  'messages',
  {
    /** HMAC of the message id the client holds (see `src/ids/`): rows cannot be tied to ids without them. */
    rowKey: text('row_key').primaryKey(),
    /** `HMAC(MESSAGE_SALT_DEPLOY, messages pair id)` of the patient (DESIGN.md §6). */
    storageName: text('storage_name').notNull(),
    /** The row key of the note this replies to; null for a note. */
    parentRowKey: text('parent_row_key'),
    /** The moment of the data the note is about (clients choose it; the range queries use it). */
    timestamp: time('timestamp').notNull(),
    createdTime: time('created_time').notNull(),
    modifiedTime: time('modified_time'),
    /** Set by `remove`: the message is gone from every answer (soft removal). */
    removedTime: time('removed_time'),
    /** `{id, guid, userid, messagetext, parentmessage}` sealed with the patient's `messages/text` key. */
    sealed: bytes('sealed').notNull(),
  },
  (table) => [
    index('messages_storage_name_timestamp_index').on(table.storageName, table.timestamp),
    index('messages_parent_row_key_index').on(table.parentRowKey),
  ],
);

/** Every table, for Drizzle's relational queries and for `openDatabase`. */
export const schema = { messages };

export type MessageApiSchema = typeof schema;
