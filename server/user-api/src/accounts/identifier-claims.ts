/** Uniqueness of usernames and addresses across accounts, and fresh user ids (DESIGN.md §5). */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import { emails, userErasures, users, type UserApiSchema } from '../db/schema.js';
import { createUserId } from './identifiers.js';

type UsersDatabase = Database<UserApiSchema>;

/** A username or an email address belongs to another account. */
export class IdentifierTakenError extends Error {
  override readonly name = 'IdentifierTakenError';
}

/**
 * Usernames and addresses share one namespace, so that an identifier at login names one
 * account: a username may not be another account's address, nor the other way round.
 * Changes to identifiers take one transaction-scoped advisory lock, so that two signups
 * cannot both pass the check on PostgreSQL.
 */
export async function claimIdentifiers(
  db: UsersDatabase,
  userid: string,
  usernameKey: string | undefined,
  emailKeys: readonly string[],
): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('user-api:identifiers'))`);
  const keys = [...emailKeys, ...(usernameKey === undefined ? [] : [usernameKey])];
  if (keys.length === 0) return;
  const [byUsername] = await db
    .select({ userid: users.userid })
    .from(users)
    .where(and(inArray(users.usernameKey, keys), ne(users.userid, userid)))
    .limit(1);
  const [byEmail] = await db
    .select({ userid: emails.userid })
    .from(emails)
    .where(and(inArray(emails.emailKey, keys), ne(emails.userid, userid)))
    .limit(1);
  if (byUsername !== undefined || byEmail !== undefined) throw new IdentifierTakenError();
}

/** A user id used by no account and no unfinished erasure (40 random bits can collide). */
export async function freshUserId(db: UsersDatabase): Promise<string> {
  for (;;) {
    const userid = createUserId();
    const [live] = await db.select({ userid: users.userid }).from(users).where(eq(users.userid, userid));
    const [erased] = await db
      .select({ userid: userErasures.userid })
      .from(userErasures)
      .where(eq(userErasures.userid, userid));
    if (live === undefined && erased === undefined) return userid;
  }
}
