/**
 * The encrypted documents (DESIGN.md §6): one per user, under `storageName(METADATA_SALT_DEPLOY,
 * meta.id)`, sealed with a key from `meta.hash`, the storage name and a fixed record id bound as
 * associated data. Reads look under every salt version's name, newest first; writes seal under
 * the newest and delete the older names in the same transaction.
 */
import { count, eq, inArray, lt } from 'drizzle-orm';
import {
  createRecordCipher,
  DecryptionError,
  internalError,
  payloadTooLarge,
  storageNames,
  type Database,
  type Pair,
  type RecordCipher,
  type SaltRing,
  type VersionedStorageName,
} from '@tidepool/kit';
import { documents, type MetadataSchema } from '../db/schema.js';
import { MetadataDocumentSchema, type MetadataDocument } from './metadata-document.js';

/** The record id bound into every document's associated data: a user has exactly one document. */
const RECORD_ID = 'document';
/** The key purpose of documents (HKDF info, see the kit's crypto README). */
const PURPOSE = 'metadata/document';
/** A document may not grow beyond this (sealed bytes); merges that would are refused with 413. */
export const MAXIMUM_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** How often a write retries after another request created the same document at the same moment. */
const CREATE_ATTEMPTS = 3;

type DocumentRow = typeof documents.$inferSelect;

/** What a change to a document decides: the document to store (none: store nothing) and what to answer. */
export interface DocumentChange<Result> {
  readonly document?: MetadataDocument;
  readonly result: Result;
}

/** Where the current document was found. */
export interface DocumentLocation {
  /** True when it lives under an older salt version's name (or a copy does): a write moves it. */
  readonly stale: boolean;
}

export interface DocumentStore {
  /** The user's document, or undefined when they have none. Rejects with a 500 problem when it does not open. */
  read(meta: Pair): Promise<MetadataDocument | undefined>;
  /**
   * Read-modify-write under a row lock (`SELECT … FOR UPDATE`): concurrent changes of one user's
   * document run one after the other and none is lost. `change` may run more than once.
   */
  update<Result>(
    meta: Pair,
    change: (document: MetadataDocument | undefined, location: DocumentLocation) => DocumentChange<Result>,
  ): Promise<Result>;
  /** Deletes the document under every salt version's name; answers how many rows went. */
  erase(meta: Pair): Promise<number>;
  /** Moves a document found under an older salt version to the newest; true when it moved one. */
  moveToNewest(meta: Pair): Promise<boolean>;
  /** How many documents are sealed under an older salt version than the newest. */
  countStale(): Promise<number>;
}

/** The documents of the metadata database under one salt ring. */
export function createDocumentStore(db: Database<MetadataSchema>, ring: SaltRing): DocumentStore {
  function locate(meta: Pair) {
    const names = storageNames(ring, meta.id);
    const newest = names[0] as VersionedStorageName;
    const cipher = createRecordCipher({ ring, pair: meta, purpose: PURPOSE });
    return { names: names.map((name) => name.name), newest, cipher };
  }

  /** The row under the newest name among `rows`, in the ring's order. */
  function current(rows: readonly DocumentRow[], names: readonly string[]): DocumentRow | undefined {
    for (const name of names) {
      const row = rows.find((candidate) => candidate.storageName === name);
      if (row !== undefined) return row;
    }
    return undefined;
  }

  function open(cipher: RecordCipher, row: DocumentRow): MetadataDocument {
    let plain: unknown;
    try {
      plain = cipher.openJson(row.envelope, { storageName: row.storageName, recordId: RECORD_ID });
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // The reason (tampered, unknown key version, …) is logged with the cause; never the bytes.
      throw internalError(error, 'The stored metadata could not be decrypted.');
    }
    const parsed = MetadataDocumentSchema.safeParse(plain);
    if (!parsed.success) throw internalError(undefined, 'The stored metadata is not a metadata document.');
    return parsed.data;
  }

  return {
    async read(meta) {
      const { names, cipher } = locate(meta);
      const rows = await db.select().from(documents).where(inArray(documents.storageName, names));
      const row = current(rows, names);
      return row === undefined ? undefined : open(cipher, row);
    },

    update(meta, change) {
      const { names, newest, cipher } = locate(meta);
      return db.transaction(async (transaction) => {
        for (let attempt = 1; ; attempt += 1) {
          const rows = await transaction
            .select()
            .from(documents)
            .where(inArray(documents.storageName, names))
            .for('update');
          const row = current(rows, names);
          const stale = rows.some((candidate) => candidate.storageName !== newest.name);
          const { document, result } = change(row === undefined ? undefined : open(cipher, row), { stale });
          if (document === undefined) return result;

          const envelope = cipher.sealJson(document, { storageName: newest.name, recordId: RECORD_ID });
          if (envelope.length > MAXIMUM_DOCUMENT_BYTES) {
            throw payloadTooLarge('The metadata of this user would grow beyond what metadata keeps.');
          }
          const values = { keyVersion: newest.version, envelope, updatedTime: new Date() };
          if (rows.some((candidate) => candidate.storageName === newest.name)) {
            await transaction.update(documents).set(values).where(eq(documents.storageName, newest.name));
          } else {
            const created = await transaction
              .insert(documents)
              .values({ storageName: newest.name, ...values })
              .onConflictDoNothing()
              .returning({ storageName: documents.storageName });
            // Another request created the document meanwhile (its insert made this one wait):
            // read again, now locking its row, and apply the change to what it wrote.
            if (created.length === 0) {
              if (attempt >= CREATE_ATTEMPTS) throw internalError(undefined, 'The metadata kept changing.');
              continue;
            }
          }
          const older = rows.filter((candidate) => candidate.storageName !== newest.name);
          if (older.length > 0) {
            await transaction.delete(documents).where(
              inArray(
                documents.storageName,
                older.map((candidate) => candidate.storageName),
              ),
            );
          }
          return result;
        }
      });
    },

    async erase(meta) {
      const { names } = locate(meta);
      const removed = await db
        .delete(documents)
        .where(inArray(documents.storageName, names))
        .returning({ storageName: documents.storageName });
      return removed.length;
    },

    moveToNewest(meta) {
      return this.update(meta, (document, { stale }) =>
        document !== undefined && stale ? { document, result: true } : { result: false },
      );
    },

    async countStale() {
      const [row] = await db
        .select({ stale: count() })
        .from(documents)
        .where(lt(documents.keyVersion, ring.current.version));
      return row?.stale ?? 0;
    },
  };
}
