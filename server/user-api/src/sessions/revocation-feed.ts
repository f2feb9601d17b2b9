/** The revocation stream behind `GET /sessions/revocations`: ended sessions as server-sent events (DESIGN.md §5). */
import { PassThrough } from 'node:stream';
import { asc, gt, lt } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '@tidepool/kit';
import type { RevocationEvent } from '@tidepool/spec';
import { sessionRevocations, type UserApiSchema } from '../db/schema.js';
import { formatComment, formatEvent } from '@tidepool/kit';

export interface RevocationFeedOptions {
  readonly db: Database<UserApiSchema>;
  readonly logger: Logger;
  /** How often the log is read while streams are open; a local revocation is read at once. */
  readonly pollMilliseconds?: number;
  readonly keepAliveMilliseconds?: number;
}

/** A revocation older than this is no longer news: remote caches keep an answer for one second at most. */
const LOOKBACK_MILLISECONDS = 10_000;
/** Revocations are kept this long for streams that resume with `Last-Event-ID`. */
const RETENTION_MILLISECONDS = 10 * 60_000;

/**
 * Serves the revocation stream of this instance. Revocations are written to the database by
 * whichever instance ended the session; every instance reads the recent part of that log
 * (the last ten seconds, deduplicated by sequence, so a transaction that commits late is not
 * skipped) and writes each new entry to its open streams. Event ids are the log's sequence
 * numbers, so a client resumes with `Last-Event-ID`.
 */
export function createRevocationFeed(options: RevocationFeedOptions) {
  const { db, logger } = options;
  const streams = new Set<PassThrough>();
  const announced = new Map<number, number>();
  let polling: Promise<void> | undefined;
  let pollAgain = false;

  const eventOf = (row: { sessionId: string; revokedTime: Date }): RevocationEvent => ({
    sessionId: row.sessionId,
    revokedAt: row.revokedTime.toISOString(),
  });

  async function readRecent(): Promise<void> {
    const since = new Date(Date.now() - LOOKBACK_MILLISECONDS);
    const rows = await db
      .select()
      .from(sessionRevocations)
      .where(gt(sessionRevocations.revokedTime, since))
      .orderBy(asc(sessionRevocations.sequence));
    for (const row of rows) {
      if (announced.has(row.sequence)) continue;
      announced.set(row.sequence, Date.now());
      const text = formatEvent(row.sequence, JSON.stringify(eventOf(row)));
      for (const stream of streams) stream.write(text);
    }
    for (const [sequence, at] of announced)
      if (at < Date.now() - 2 * LOOKBACK_MILLISECONDS) announced.delete(sequence);
  }

  /** Reads the log now (and once more if asked again meanwhile); never two reads at once. */
  function poll(): void {
    if (streams.size === 0) return;
    if (polling !== undefined) {
      pollAgain = true;
      return;
    }
    polling = readRecent()
      .catch((error: unknown) => {
        logger.warn(
          { reason: error instanceof Error ? error.message : String(error) },
          'revocation log unreadable',
        );
      })
      .finally(() => {
        polling = undefined;
        if (pollAgain) {
          pollAgain = false;
          poll();
        }
      });
  }

  const pollTimer = setInterval(poll, options.pollMilliseconds ?? 250);
  pollTimer.unref();
  const keepAliveTimer = setInterval(() => {
    for (const stream of streams) stream.write(formatComment('keep-alive'));
  }, options.keepAliveMilliseconds ?? 10_000);
  keepAliveTimer.unref();

  return {
    /**
     * Opens a stream. With `lastEventId`, the revocations after it are replayed first; live
     * ones that overlap the replay are sent twice, which is harmless (eviction is idempotent).
     */
    async open(lastEventId: number | undefined): Promise<PassThrough> {
      const stream = new PassThrough();
      stream.write(formatComment('revocations'));
      streams.add(stream);
      stream.once('close', () => streams.delete(stream));
      if (lastEventId !== undefined) {
        const rows = await db
          .select()
          .from(sessionRevocations)
          .where(gt(sessionRevocations.sequence, lastEventId))
          .orderBy(asc(sessionRevocations.sequence))
          .limit(10_000);
        for (const row of rows) stream.write(formatEvent(row.sequence, JSON.stringify(eventOf(row))));
      }
      return stream;
    },
    /** How many streams are open (for `/status`-like checks and tests). */
    streamCount: () => streams.size,
    /** A session was revoked here: announce it now rather than at the next poll. */
    poke: poll,
    /** Deletes revocations older than resuming streams need. */
    async prune(): Promise<void> {
      await db
        .delete(sessionRevocations)
        .where(lt(sessionRevocations.revokedTime, new Date(Date.now() - RETENTION_MILLISECONDS)));
    },
    /** Ends every stream (clients reconnect to another instance) and stops reading. */
    async close(): Promise<void> {
      clearInterval(pollTimer);
      clearInterval(keepAliveTimer);
      for (const stream of streams) stream.end();
      streams.clear();
      await polling;
    },
  };
}

export type RevocationFeed = ReturnType<typeof createRevocationFeed>;
