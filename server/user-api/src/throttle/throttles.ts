/** Throttling of logins, password checks and mail requests, per identifier and per client address (DESIGN.md §5). */
import { createHash } from 'node:crypto';
import { inArray, lt, sql } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited, type Database } from '@tidepool/kit';
import { rateLimits, type UserApiSchema } from '../db/schema.js';

export interface ThrottleLimits {
  /** Failed password checks allowed per identifier (or account) within the window. */
  readonly failuresPerIdentifier: number;
  /** Failed password checks allowed per client address within the window. */
  readonly failuresPerAddress: number;
  /** Signups and mail requests allowed per client address within the window. */
  readonly requestsPerAddress: number;
  readonly windowSeconds: number;
}

/** A rate limiter's key: a hash, so that the table holds no address and no identifier in clear. */
function keyOf(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

function retryAfterSeconds(result: RateLimiterRes): number {
  return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
}

/**
 * The throttles, backed by the users database so that every instance of user-api counts
 * together: requests through rate-limiter-flexible's `RateLimiterDrizzle` (atomic upserts), and
 * failed password checks by the same upsert written for both of their keys at once, in the
 * same table and key format.
 */
export function createThrottles(db: Database<UserApiSchema>, limits: ThrottleLimits) {
  const limiter = (keyPrefix: string, points: number) =>
    new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimits,
      keyPrefix,
      points,
      duration: limits.windowSeconds,
      // Expired rows are pruned by user-api's maintenance pass, not by a timer of the library.
      clearExpiredByTimeout: false,
    });
  const requestsByAddress = limiter('requests-address', limits.requestsPerAddress);
  /** The row keys of the failure counters, as `RateLimiterDrizzle` writes them (`prefix:hash`). */
  const identifierRow = (identifier: string) => `failures-identifier:${keyOf(identifier)}`;
  const addressRow = (address: string) => `failures-address:${keyOf(address)}`;

  /**
   * Counts one attempt against both keys in one statement (the limiter's own upsert, for two
   * rows): a counter whose window has passed starts again at 1. Answers each key's count and
   * the end of its window.
   */
  async function countBoth(identifierKey: string, addressKey: string) {
    const now = new Date();
    const expire = new Date(now.getTime() + limits.windowSeconds * 1000);
    const expired = sql`${rateLimits.expire} <= ${sql.param(now, rateLimits.expire)}`;
    const rows = await db
      .insert(rateLimits)
      .values([
        { key: identifierKey, points: 1, expire },
        { key: addressKey, points: 1, expire },
      ])
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          points: sql`case when ${expired} then 1 else ${rateLimits.points} + 1 end`,
          expire: sql`case when ${expired} then excluded.expire else ${rateLimits.expire} end`,
        },
      })
      .returning();
    const of = (key: string) => {
      const row = rows.find((candidate) => candidate.key === key);
      if (row === undefined) throw new Error('A throttle counter was not written.');
      return { points: row.points, expire: row.expire ?? expire };
    };
    return { identifier: of(identifierKey), address: of(addressKey) };
  }

  /** Takes one attempt back from each of `keys` (never below 0). */
  async function giveBack(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await db
      .update(rateLimits)
      .set({ points: sql`greatest(${rateLimits.points} - 1, 0)` })
      .where(inArray(rateLimits.key, [...keys]));
  }

  return {
    /**
     * Counts a password check against the identifier and the address before it is made, and
     * throws a 429 problem when either has used up its failures. Counting first closes the race
     * in which many guesses arriving together would all be checked before any was counted: at
     * most `failuresPerIdentifier` checks happen per window, however the guesses are spread.
     * A refused attempt counts only against the key that refused it. The answer's `succeeded()`
     * takes the attempt back after a right password: the identifier's failures are forgotten
     * and the address gets its point back. One statement each way (a login is the hottest write
     * of user-api, and on the embedded database every statement runs on its main thread).
     */
    async beginPasswordCheck(identifier: string, address: string): Promise<{ succeeded(): Promise<void> }> {
      const identifierKey = identifierRow(identifier);
      const addressKey = addressRow(address);
      const counts = await countBoth(identifierKey, addressKey);
      const identifierOver = counts.identifier.points > limits.failuresPerIdentifier;
      const addressOver = counts.address.points > limits.failuresPerAddress;
      if (identifierOver || addressOver) {
        await giveBack(identifierOver ? (addressOver ? [] : [addressKey]) : [identifierKey]);
        const refusing = identifierOver ? counts.identifier : counts.address;
        const seconds = Math.max(1, Math.ceil((refusing.expire.getTime() - Date.now()) / 1000));
        throw rateLimited(seconds, 'Too many failed attempts; wait before trying again.');
      }
      return {
        async succeeded() {
          if (counts.identifier.points > 1) {
            // Earlier failures of this identifier are forgiven with the one just counted.
            await db.execute(sql`with forgotten as (delete from ${rateLimits} where ${rateLimits.key} = ${identifierKey})
              update ${rateLimits} set points = greatest(${rateLimits.points} - 1, 0) where ${rateLimits.key} = ${addressKey}`);
          } else {
            await giveBack([identifierKey, addressKey]);
          }
        },
      };
    },
    /** Counts a request (signup, mail, token confirmation) and throws a 429 problem beyond the limit. */
    async countRequest(address: string): Promise<void> {
      try {
        await requestsByAddress.consume(keyOf(address), 1);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          throw rateLimited(
            retryAfterSeconds(error),
            'Too many requests from this address; wait before trying again.',
          );
        }
        throw error;
      }
    },
    /** Deletes counters whose window has passed. */
    async prune(): Promise<void> {
      await db.delete(rateLimits).where(lt(rateLimits.expire, new Date()));
    },
  };
}

export type Throttles = ReturnType<typeof createThrottles>;
