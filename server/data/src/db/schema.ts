/**
 * The data database (DESIGN.md §6): device data that names nobody. Every row sits under the
 * storage name of the patient's `data` pair; in clear are only what range queries and
 * deduplication need (type, subType, time, a keyed content hash, the key version). Readings
 * are sealed with the data system's aggregate key, identifying fields with the patient's key.
 */
import {
  bigserial,
  bigint,
  customType,
  index,
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

/** One datum. */
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
    /** The de-identified fields (values, units, durations, …) sealed with the aggregate `data/readings` key. */
    readings: bytes('readings').notNull(),
    /** Identifying fields of this datum (notes, annotations, payload, …) sealed with the patient's key; null when none. */
    identity: bytes('identity'),
  },
  (table) => [
    primaryKey({ name: 'data_storage_name_id_key', columns: [table.storageName, table.id] }),
    index('data_storage_name_time_index').on(table.storageName, table.time, table.id),
    index('data_storage_name_type_time_index').on(table.storageName, table.type, table.time),
  ],
);

/** Every table, for Drizzle's relational queries and for `openDatabase`. */
export const schema = { sources, data };

export type DataSchema = typeof schema;
