/**
 * The metadata database (DESIGN.md §6): encrypted documents under storage names, and nothing
 * else about a user. No user id, name or profile value is stored in clear; without the
 * deploy salt and the users' `meta` pairs, the rows say nothing about whose they are.
 */
import { customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** `bytea` as a Node Buffer on both PGlite and PostgreSQL. */
const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** One user's document: `HMAC(METADATA_SALT_DEPLOY, meta.id)` → AES-256-GCM envelope of its JSON. */
export const documents = pgTable(
  'documents',
  {
    /** 64 hex: the storage name of the `meta` pair under the salt version `keyVersion`. */
    storageName: text('storage_name').primaryKey(),
    /** The salt version the envelope was sealed under (also in the envelope's header). */
    keyVersion: integer('key_version').notNull(),
    envelope: bytes('envelope').notNull(),
    updatedTime: timestamp('updated_time', { withTimezone: true, mode: 'date' }),
  },
  // Re-encryption counts the documents under older versions after every batch.
  (table) => [index('documents_key_version_index').on(table.keyVersion)],
);

/**
 * One envelope per salt version, sealed with the system key of that version: a process started
 * with a different salt finds out before it reads or writes anything (see `salt-check.ts`).
 */
export const saltChecks = pgTable('salt_checks', {
  version: integer('version').primaryKey(),
  envelope: bytes('envelope').notNull(),
});

/**
 * Where the re-encryption walk over the accounts stands: one row, the last user id visited,
 * sealed with the system key (a user id in clear would name a user).
 */
export const reencryptionCursor = pgTable('reencryption_cursor', {
  name: text('name').primaryKey(),
  envelope: bytes('envelope'),
  updatedTime: timestamp('updated_time', { withTimezone: true, mode: 'date' }).notNull(),
});

/** Every table, for Drizzle's relational queries and for `openDatabase`. */
export const schema = { documents, saltChecks, reencryptionCursor };

export type MetadataSchema = typeof schema;
