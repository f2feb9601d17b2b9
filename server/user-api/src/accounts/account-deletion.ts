/** Deleting an account, and the `meta` pair that outlives it until metadata erased (README, "Deleting a user"). */
import { eq } from 'drizzle-orm';
import type { Database, Pair } from '@tidepool/kit';
import { sessions, userErasures, users, type UserApiSchema } from '../db/schema.js';
import { createErasureSteps } from '../erasure/erasure-steps.js';
import { revokeSessionsWhere } from '../sessions/session-store.js';

type UsersDatabase = Database<UserApiSchema>;

/**
 * Deletes an account with its addresses, sessions and tokens, in one transaction that also
 * queues its erasure at `eraseServices`. While that is unfinished the `meta` pair stays
 * readable by servers from the tombstone; without services it goes at once. False when there
 * is no such account.
 */
export function deleteAccount(
  db: UsersDatabase,
  userid: string,
  eraseServices: readonly string[],
  at: Date,
): Promise<boolean> {
  return db.transaction(async (transaction) => {
    const [user] = await transaction.select().from(users).where(eq(users.userid, userid)).for('update');
    if (user === undefined) return false;
    if (eraseServices.length > 0) {
      await transaction
        .insert(userErasures)
        .values({ userid, metaId: user.metaId, metaHash: user.metaHash, requestedTime: at });
      await createErasureSteps(transaction, userid, eraseServices, at);
    }
    await revokeSessionsWhere(transaction, eq(sessions.userid, userid));
    // Addresses, session tokens and mailed tokens go with it (ON DELETE CASCADE).
    await transaction.delete(users).where(eq(users.userid, userid));
    return true;
  });
}

/** The `meta` pair of an account, or of a deleted one whose erasure is unfinished. */
export async function findPair(db: UsersDatabase, userid: string): Promise<Pair | undefined> {
  const [live] = await db
    .select({ id: users.metaId, hash: users.metaHash })
    .from(users)
    .where(eq(users.userid, userid));
  if (live !== undefined) return live;
  const [erased] = await db
    .select({ id: userErasures.metaId, hash: userErasures.metaHash })
    .from(userErasures)
    .where(eq(userErasures.userid, userid));
  return erased;
}
