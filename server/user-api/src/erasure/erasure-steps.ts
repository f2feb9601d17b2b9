/** The durable erasure queue of deleted users: one step per service, and the tombstones they keep alive (README, "Deleting a user"). */
import { and, asc, eq, isNull, lte, ne, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@tidepool/kit';
import { erasureSteps, userErasures, type UserApiSchema } from '../db/schema.js';

type UsersDatabase = Database<UserApiSchema>;

/**
 * The service erased last. Data and message-api find a user's records through pairs kept
 * inside the metadata document, and metadata finds that document through the `meta` pair
 * (DESIGN.md §6): metadata may erase only once the others are done, and the tombstone with the
 * `meta` pair may go only once metadata is done.
 */
export const LAST_SERVICE = 'metadata';

/** One service's unfinished part of an erasure. */
export interface ErasureStep {
  readonly userid: string;
  readonly service: string;
  readonly attempts: number;
}

/** Queues the steps of a new erasure (inside the transaction that deletes the account). */
export async function createErasureSteps(
  db: UsersDatabase,
  userid: string,
  services: readonly string[],
  at: Date,
): Promise<void> {
  await db.insert(erasureSteps).values(services.map((service) => ({ userid, service, nextAttemptTime: at })));
}

/** A claimed step is left to its claimer this long; if that instance dies, another takes it over then. */
const CLAIM_MILLISECONDS = 60_000;

/**
 * Claims the steps due at `at`, leaving out a metadata step while the user's other steps are
 * unfinished. Claiming moves the next attempt past the claim period in the same statement
 * (SKIP LOCKED), so that two passes, here or in another instance, never work the same step.
 */
export function claimDueErasureSteps(db: UsersDatabase, at: Date, limit: number): Promise<ErasureStep[]> {
  return db.transaction((transaction) => claimInTransaction(transaction, at, limit));
}

async function claimInTransaction(db: UsersDatabase, at: Date, limit: number): Promise<ErasureStep[]> {
  const other = alias(erasureSteps, 'other');
  const othersUnfinished = db
    .select({ one: sql`1` })
    .from(other)
    .where(
      and(
        eq(other.userid, erasureSteps.userid),
        ne(other.service, erasureSteps.service),
        isNull(other.acknowledgedTime),
      ),
    );
  const due = await db
    .select({ userid: erasureSteps.userid, service: erasureSteps.service })
    .from(erasureSteps)
    .where(
      and(
        isNull(erasureSteps.acknowledgedTime),
        lte(erasureSteps.nextAttemptTime, at),
        or(ne(erasureSteps.service, LAST_SERVICE), notExists(othersUnfinished)),
      ),
    )
    .orderBy(asc(erasureSteps.nextAttemptTime))
    .limit(limit)
    .for('update', { skipLocked: true });
  if (due.length === 0) return [];
  return db
    .update(erasureSteps)
    .set({ nextAttemptTime: new Date(at.getTime() + CLAIM_MILLISECONDS) })
    .where(
      and(
        isNull(erasureSteps.acknowledgedTime),
        or(
          ...due.map((step) =>
            and(eq(erasureSteps.userid, step.userid), eq(erasureSteps.service, step.service)),
          ),
        ),
      ),
    )
    .returning({
      userid: erasureSteps.userid,
      service: erasureSteps.service,
      attempts: erasureSteps.attempts,
    });
}

/** Records that a service erased the user. */
export async function acknowledgeErasureStep(db: UsersDatabase, step: ErasureStep, at: Date): Promise<void> {
  await db
    .update(erasureSteps)
    .set({ acknowledgedTime: at, attempts: step.attempts + 1 })
    .where(and(eq(erasureSteps.userid, step.userid), eq(erasureSteps.service, step.service)));
}

/** Schedules another attempt after a failed one. */
export async function postponeErasureStep(db: UsersDatabase, step: ErasureStep, next: Date): Promise<void> {
  await db
    .update(erasureSteps)
    .set({ attempts: step.attempts + 1, nextAttemptTime: next })
    .where(and(eq(erasureSteps.userid, step.userid), eq(erasureSteps.service, step.service)));
}

/** Deletes the tombstones (and with them the `meta` pairs) of erasures that every service acknowledged. */
export async function removeFinishedErasures(db: UsersDatabase): Promise<number> {
  const unfinished = db
    .select({ one: sql`1` })
    .from(erasureSteps)
    .where(and(eq(erasureSteps.userid, userErasures.userid), isNull(erasureSteps.acknowledgedTime)));
  const removed = await db
    .delete(userErasures)
    .where(notExists(unfinished))
    .returning({ userid: userErasures.userid });
  return removed.length;
}
