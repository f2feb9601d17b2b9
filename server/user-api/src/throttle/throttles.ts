/** Throttling of logins, password checks and mail requests, per identifier and per client address (DESIGN.md §5). */
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
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
 * The throttles, backed by the users database through rate-limiter-flexible's
 * `RateLimiterDrizzle` (atomic upserts), so that every instance of user-api counts together.
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
  const failuresByIdentifier = limiter('failures-identifier', limits.failuresPerIdentifier);
  const failuresByAddress = limiter('failures-address', limits.failuresPerAddress);
  const requestsByAddress = limiter('requests-address', limits.requestsPerAddress);

  /** Counts one more attempt for `value`; a 429 problem when that goes beyond `points`. */
  async function consumeAttempt(target: RateLimiterDrizzle, value: string): Promise<number> {
    try {
      return (await target.consume(keyOf(value), 1)).consumedPoints;
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw rateLimited(retryAfterSeconds(error), 'Too many failed attempts; wait before trying again.');
      }
      throw error;
    }
  }

  return {
    /**
     * Counts a password check against the identifier and the address before it is made, and
     * throws a 429 problem when either has used up its failures. Counting first closes the race
     * in which many guesses arriving together would all be checked before any was counted: at
     * most `failuresPerIdentifier` checks happen per window, however the guesses are spread.
     * The answer's `succeeded()` takes the attempt back after a right password: the
     * identifier's failures are forgotten and the address gets its point back.
     */
    async beginPasswordCheck(identifier: string, address: string): Promise<{ succeeded(): Promise<void> }> {
      const identifierKey = keyOf(identifier);
      const addressKey = keyOf(address);
      const identifierAttempts = await consumeAttempt(failuresByIdentifier, identifier);
      try {
        await consumeAttempt(failuresByAddress, address);
      } catch (error) {
        // Refused for the address alone: this was no check against the identifier.
        await failuresByIdentifier.reward(identifierKey, 1);
        throw error;
      }
      return {
        async succeeded() {
          if (identifierAttempts > 1) await failuresByIdentifier.delete(identifierKey);
          else await failuresByIdentifier.reward(identifierKey, 1);
          await failuresByAddress.reward(addressKey, 1);
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
