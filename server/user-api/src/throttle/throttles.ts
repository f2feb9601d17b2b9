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

  /** The failures counted for `value`, or a 429 problem when they reach `points`. */
  async function refuseWhenSpent(target: RateLimiterDrizzle, points: number, value: string): Promise<number> {
    const result = await target.get(keyOf(value));
    if (result !== null && result.consumedPoints >= points) {
      throw rateLimited(retryAfterSeconds(result), 'Too many failed attempts; wait before trying again.');
    }
    return result?.consumedPoints ?? 0;
  }

  return {
    /**
     * Throws a 429 problem when the identifier or the address has used up its failures;
     * otherwise answers whether the identifier has failures to forgive after a success.
     */
    async assertMayTry(identifier: string, address: string): Promise<{ hasFailures: boolean }> {
      const failures = await refuseWhenSpent(failuresByIdentifier, limits.failuresPerIdentifier, identifier);
      await refuseWhenSpent(failuresByAddress, limits.failuresPerAddress, address);
      return { hasFailures: failures > 0 };
    },
    /** Counts a failed password check against the identifier and the address. */
    async recordFailure(identifier: string, address: string): Promise<void> {
      await failuresByIdentifier.penalty(keyOf(identifier), 1);
      await failuresByAddress.penalty(keyOf(address), 1);
    },
    /** Forgets the failures of an identifier after it logged in. */
    async forgive(identifier: string): Promise<void> {
      await failuresByIdentifier.delete(keyOf(identifier));
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
