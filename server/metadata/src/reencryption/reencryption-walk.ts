/**
 * Re-encryption after a salt rotation (DESIGN.md §6, the kit's crypto README "Rotating a salt").
 * metadata cannot map a storage name back to a user, so it walks the accounts instead: for each
 * user id from user-api, it fetches the `meta` pair and moves a document found under an older
 * salt version to the newest. The walk's cursor is kept in the database, sealed (a user id in
 * clear would name a user), so that batches continue where the last one stopped, at any instance.
 */
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import {
  createSystemCipher,
  DecryptionError,
  isProblemError,
  type Database,
  type SaltRing,
} from '@tidepool/kit';
import type { ReencryptResult } from '@tidepool/spec';
import { reencryptionCursor, type MetadataSchema } from '../db/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { AccountSource } from '../platform/account-source.js';

/** Batches of the walk. */
export interface ReencryptionWalk {
  /** Visits the next `limit` accounts; answers what moved, what is left, and whether the pass ended. */
  runBatch(limit: number): Promise<ReencryptResult>;
}

export interface ReencryptionWalkOptions {
  readonly db: Database<MetadataSchema>;
  readonly ring: SaltRing;
  readonly store: DocumentStore;
  readonly accounts: AccountSource;
  readonly logger: Logger;
}

const CURSOR_NAME = 'accounts';
const CURSOR_BINDING = { storageName: 'reencryption-cursor', recordId: CURSOR_NAME };

export function createReencryptionWalk(options: ReencryptionWalkOptions): ReencryptionWalk {
  const { db, ring, store, accounts, logger } = options;
  const cipher = createSystemCipher({ ring, purpose: 'metadata/reencryption-cursor' });

  /** The last user id visited, or undefined at the start of a pass (also when the cursor no longer opens). */
  async function readCursor(): Promise<string | undefined> {
    const [row] = await db.select().from(reencryptionCursor).where(eq(reencryptionCursor.name, CURSOR_NAME));
    if (row?.envelope == null) return undefined;
    try {
      return cipher.open(row.envelope, CURSOR_BINDING).toString('utf8');
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // Sealed under a salt version since removed: start a new pass, which is always safe.
      return undefined;
    }
  }

  async function writeCursor(after: string | undefined): Promise<void> {
    const values = {
      envelope: after === undefined ? null : cipher.seal(Buffer.from(after, 'utf8'), CURSOR_BINDING),
      updatedTime: new Date(),
    };
    await db
      .insert(reencryptionCursor)
      .values({ name: CURSOR_NAME, ...values })
      .onConflictDoUpdate({ target: reencryptionCursor.name, set: values });
  }

  return {
    async runBatch(limit) {
      const page = await accounts.listUserIds(await readCursor(), limit);
      let reencrypted = 0;
      let failed = 0;
      for (const userid of page.userids) {
        try {
          const meta = await accounts.metaPairOf(userid);
          if (meta !== undefined && (await store.moveToNewest(meta))) reencrypted += 1;
        } catch (error) {
          // One document that does not open must not stop the rotation of all the others;
          // it stays where it is, counted in `remaining`. Dependencies down: stop the batch.
          if (!isProblemError(error) || error.status !== 500) throw error;
          failed += 1;
        }
      }
      if (failed > 0)
        logger.warn({ failed }, 're-encryption left documents that do not open where they were');
      const passFinished = page.next === undefined;
      await writeCursor(page.next);
      return { reencrypted, remaining: await store.countStale(), passFinished };
    },
  };
}
