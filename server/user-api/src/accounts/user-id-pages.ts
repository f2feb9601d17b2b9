/** Account ids a page at a time, in order: what metadata walks to re-encrypt every document (DESIGN.md §6). */
import { asc, gt } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import { users, type UserApiSchema } from '../db/schema.js';

/** One page of ids; `next` is absent on the last page. */
export interface UserIdPage {
  readonly userids: string[];
  readonly next?: string;
}

/**
 * The ids of live accounts greater than `after`, at most `limit`, ascending. Deleted accounts
 * are not listed (metadata erases their documents through the erasure saga instead). One row
 * more than asked tells whether a next page exists.
 */
export async function listUserIds(
  db: Database<UserApiSchema>,
  after: string | undefined,
  limit: number,
): Promise<UserIdPage> {
  const rows = await db
    .select({ userid: users.userid })
    .from(users)
    .where(after === undefined ? undefined : gt(users.userid, after))
    .orderBy(asc(users.userid))
    .limit(limit + 1);
  const userids = rows.slice(0, limit).map((row) => row.userid);
  const last = userids.at(-1);
  return rows.length > limit && last !== undefined ? { userids, next: last } : { userids };
}
