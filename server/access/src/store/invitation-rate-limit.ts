/**
 * How many invitations a group may send per hour: each one mails an address of the sender's
 * choosing, so a stolen session must not turn the platform into a spam relay. A fixed-window
 * counter under the group's key, counted with one atomic upsert so every instance counts together.
 */
import { inArray, sql } from 'drizzle-orm';
import { rateLimited, type Database, type SaltRing } from '@tidepool/kit';
import { invitationCounts, type AccessSchema } from '../db/schema.js';
import { userKey, userKeys } from '../keys/lookup-keys.js';

const WINDOW_MILLISECONDS = 60 * 60 * 1000;

export interface InvitationRateLimit {
  /** Counts one invitation of the group; throws a 429 problem with `Retry-After` beyond the limit. */
  count(groupid: string, now: Date): Promise<void>;
  /** Forgets the group's counter (erasure). */
  eraseGroup(groupid: string): Promise<void>;
}

/** Creates the limiter: at most `perHour` invitations per group in each window of an hour. */
export function createInvitationRateLimit(
  database: Database<AccessSchema>,
  ring: SaltRing,
  perHour: number,
): InvitationRateLimit {
  return {
    async count(groupid, now) {
      const windowStart = now.toISOString();
      const windowEnded = new Date(now.getTime() - WINDOW_MILLISECONDS).toISOString();
      const expired = sql`${invitationCounts.windowStart} <= ${windowEnded}::timestamptz`;
      const [counter] = await database
        .insert(invitationCounts)
        .values({ groupKey: userKey(ring, groupid), windowStart: now, count: 1 })
        .onConflictDoUpdate({
          target: invitationCounts.groupKey,
          set: {
            windowStart: sql`case when ${expired} then ${windowStart}::timestamptz else ${invitationCounts.windowStart} end`,
            count: sql`case when ${expired} then 1 else ${invitationCounts.count} + 1 end`,
          },
        })
        .returning({ windowStart: invitationCounts.windowStart, count: invitationCounts.count });
      if (counter === undefined || counter.count <= perHour) return;
      const retryAfterMilliseconds = counter.windowStart.getTime() + WINDOW_MILLISECONDS - now.getTime();
      throw rateLimited(
        Math.max(1, Math.ceil(retryAfterMilliseconds / 1000)),
        `A user’s data may be shared by email at most ${perHour} times an hour; wait before inviting again.`,
      );
    },

    async eraseGroup(groupid) {
      const keys = userKeys(ring, groupid).map(({ key }) => key);
      await database.delete(invitationCounts).where(inArray(invitationCounts.groupKey, keys));
    },
  };
}
