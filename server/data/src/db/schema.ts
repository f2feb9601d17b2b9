/**
 * The data database (DESIGN.md §6): device data that names nobody. Every row sits under the
 * storage name of the patient's `data` pair; in clear are only what range queries and
 * deduplication need (type, subType, time, a keyed content hash, the key version). Readings
 * are sealed with the data system's aggregate key, identifying fields with the patient's key.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** PostgreSQL `bytea` as a Buffer on both backends (postgres-js answers Buffers, PGlite Uint8Arrays). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * One source of data: a device within an upload (`deviceId`, `uploadId`). Thousands of readings
 * share one source, so its identity is sealed once here rather than in every row. The lookup
 * keys are HMACs under the patient's key (see `src/keys/`): the ids are never in clear.
 */
export const sources = pgTable(
  'sources',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    storageName: text('storage_name').notNull(),
    /** HMAC of the (deviceId, uploadId) pair: one row per source and storage name. */
    sourceKey: text('source_key').notNull(),
    /** HMAC of the deviceId, for the `deviceId` filter. */
    deviceKey: text('device_key').notNull(),
    /** HMAC of the uploadId, for the `uploadId` filter and the uploads routes. */
    uploadKey: text('upload_key').notNull(),
    /** The deploy salt version of the storage name and keys. */
    keyVersion: smallint('key_version').notNull(),
    /** `{deviceId, uploadId}` sealed with the patient's `data/identity` key. */
    identity: bytes('identity').notNull(),
    createdTime: time('created_time').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('sources_storage_name_source_key_index').on(table.storageName, table.sourceKey),
    index('sources_storage_name_upload_key_index').on(table.storageName, table.uploadKey),
    index('sources_storage_name_device_key_index').on(table.storageName, table.deviceKey),
  ],
);

/**
 * One datum with identifying fields (its identity envelope is here), or one stored before
 * migration 0003; plain readings since then are only in rowless blocks (format 3).
 */
export const data = pgTable(
  'data',
  {
    storageName: text('storage_name').notNull(),
    /** HMAC of the datum's canonical JSON under the patient's key: deduplication, and the datum's public id. */
    id: text('id').notNull(),
    type: text('type').notNull(),
    subType: text('sub_type'),
    /** When it happened, to the millisecond. */
    time: time('time').notNull(),
    createdTime: time('created_time').notNull().defaultNow(),
    sourceId: bigint('source_id', { mode: 'number' }).notNull(),
    keyVersion: smallint('key_version').notNull(),
    /**
     * The de-identified fields of a datum stored before reading blocks, sealed alone with the
     * aggregate `data/readings` key; null for a datum whose readings are in a block.
     */
    readings: bytes('readings'),
    /** The reading block (see `readingBlocks`) holding this datum's de-identified fields. */
    blockId: text('block_id'),
    /** The datum's entry in its block. */
    blockIndex: integer('block_index'),
    /** Identifying fields of this datum (notes, annotations, payload, …) sealed with the patient's key; null when none. */
    identity: bytes('identity'),
    /**
     * Stored before time-indexed blocks (migration 0002): its readings are in its own envelope or
     * in a block without clear times, so reads in time order find it through the row.
     */
    legacy: boolean('legacy').notNull().default(false),
  },
  (table) => [
    primaryKey({ name: 'data_storage_name_id_key', columns: [table.storageName, table.id] }),
    // Reads in time order go to the blocks (their clear times); only legacy rows need a time index.
    index('data_legacy_storage_name_time_index')
      .on(table.storageName, table.time, table.id)
      .where(sql`${table.legacy}`),
  ],
);

/**
 * The de-identified fields of many data in one envelope under the aggregate `data/readings` key:
 * the data of one upload request of one type, source and UTC day (a day of CGM is 288 readings).
 * A query then opens one envelope per block rather than one per datum. Each entry carries the
 * clear columns of its datum (see `src/store/reading-blocks.ts`), so a row moved or retyped
 * no longer matches its entry and fails the integrity check.
 */
export const readingBlocks = pgTable(
  'reading_blocks',
  {
    storageName: text('storage_name').notNull(),
    /** 128 random bits (base64url): names nothing. */
    id: text('id').notNull(),
    /** The source of every datum of the block, so deleting an upload deletes its blocks. */
    sourceId: bigint('source_id', { mode: 'number' }).notNull(),
    keyVersion: smallint('key_version').notNull(),
    readings: bytes('readings').notNull(),
    /**
     * 1: entries reached through their rows (legacy); 2: the block answers queries itself, with
     * its type and time span in clear and its source in its associated data; 3: as 2, and its
     * data have no rows (plain readings: nothing identifying to keep apart), so it carries their
     * count and ids.
     */
    format: smallint('format').notNull().default(1),
    /** The type of every entry (format 2). */
    type: text('type'),
    /** The earliest and latest time of its entries (format 2): range queries pick blocks by them. */
    firstTime: time('first_time'),
    lastTime: time('last_time'),
    createdTime: time('created_time').notNull().defaultNow(),
    /** How many entries the block holds (format 3: its data have no rows to count). */
    entryCount: integer('entry_count'),
    /**
     * The ids (content hashes) of its entries, 32 bytes each in entry order (format 3): what
     * deduplication compares a new upload with, as the rows' primary key does for format 2.
     */
    entryIds: bytes('entry_ids'),
  },
  (table) => [
    primaryKey({ name: 'reading_blocks_storage_name_id_key', columns: [table.storageName, table.id] }),
    index('reading_blocks_storage_name_source_id_index').on(table.storageName, table.sourceId),
    index('reading_blocks_storage_name_first_time_index').on(table.storageName, table.firstTime),
  ],
);

/** Every table, for Drizzle's relational queries and for `openDatabase`. */
export const schema = { sources, data, readingBlocks };

export type DataSchema = typeof schema;
