/** A live local cache of one service's listings, fed by a coordinator's watch stream with resume and failover. */
import type { Logger } from 'pino';
import type { Listing, WatchEvent } from '@tidepool/spec';
import { backoffDelay } from './backoff.js';
import { ListingCache, type WatchChange } from './listing-cache.js';
import { readWatchStream } from './watch-stream.js';

/** Keeps only some listings of the service, for example one machine's. */
export type ListingFilter = (listing: Listing) => boolean;

/** A live view of a service's listings. */
export interface ListingWatch {
  readonly service: string;
  /** Resolves when the first snapshot arrived; never rejects (it waits for a coordinator). */
  readonly ready: Promise<void>;
  /** Every listing the watch matches, draining ones included. */
  all(): Listing[];
  /** A random listing that is not draining, or undefined when there is none. */
  pick(): Listing | undefined;
  /** Milliseconds since the last word (an event or a keep-alive) from any coordinator. */
  age(): number;
  /** Whether `age()` is beyond `staleAfterMs`: the listings may be out of date. */
  isStale(): boolean;
  /**
   * Calls the listener with each change, in the order the coordinators made them (after a
   * reconnect that could not resume: removals, then additions and updates). Returns the unsubscribe.
   */
  on(event: 'change', listener: (change: WatchChange) => void): () => void;
  /** Stops watching; the cache keeps its last listings. */
  close(): void;
}

export interface ListingWatchOptions {
  readonly service: string;
  readonly filter: ListingFilter | undefined;
  /** Coordinator base URLs, tried in this order. */
  readonly coordinators: readonly string[];
  readonly fetch: typeof fetch;
  readonly logger: Logger;
  /** Default three keep-alive intervals of the coordinator (3 s before the first answer). */
  readonly staleAfterMs: number | undefined;
  readonly maximumBackoffMs: number;
}

/** Starts a watch; it connects at once and keeps reconnecting until closed. */
export function createListingWatch(options: ListingWatchOptions): ListingWatch {
  const { service, logger } = options;
  const filter = options.filter ?? (() => true);
  const cache = new ListingCache((listing) => listing.service === service && filter(listing));
  const listeners = new Set<(change: WatchChange) => void>();
  let lastWordAt = Date.now();
  let keepAliveMs = 1000;
  let coordinatorId: string | undefined;
  let version: number | undefined;
  let closed = false;
  let connection: AbortController | undefined;
  let wake: (() => void) | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const emit = (change: WatchChange) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.error(
          { watched: service, reason: error instanceof Error ? error.message : String(error) },
          'watch listener failed',
        );
      }
    }
  };

  const handle = (event: WatchEvent) => {
    switch (event.kind) {
      case 'snapshot':
        coordinatorId = event.coordinator;
        keepAliveMs = event.keepAliveMs;
        version = event.version;
        for (const change of cache.replace(event.listings)) emit(change);
        markReady();
        return;
      case 'resume':
        coordinatorId = event.coordinator;
        keepAliveMs = event.keepAliveMs;
        markReady();
        return;
      case 'upsert':
      case 'remove': {
        if (version !== undefined && event.version <= version) return;
        version = event.version;
        const change = cache.apply(event);
        if (change !== undefined) emit(change);
        return;
      }
    }
  };

  const watchUrl = (base: string) => {
    const query = new URLSearchParams({ service });
    if (version !== undefined && coordinatorId !== undefined) {
      query.set('since', String(version));
      query.set('coordinator', coordinatorId);
    }
    return `${base}/v1/watch?${query.toString()}`;
  };

  const connect = async (base: string): Promise<boolean> => {
    const controller = new AbortController();
    connection = controller;
    let heard = false;
    // A coordinator silent for three keep-alive intervals is gone (a hung process, a half-open
    // connection). Counted from this attempt, not from the last word of an earlier coordinator.
    let lastActivityAt = Date.now();
    const silence = setInterval(() => {
      if (Date.now() - lastActivityAt > 3 * keepAliveMs)
        controller.abort(new Error('the coordinator fell silent'));
    }, keepAliveMs);
    try {
      await readWatchStream({
        url: watchUrl(base),
        fetch: options.fetch,
        signal: controller.signal,
        onEvent: (event) => {
          heard = true;
          handle(event);
        },
        onActivity: () => {
          lastActivityAt = Date.now();
          lastWordAt = lastActivityAt;
        },
      });
    } catch (error) {
      if (!closed)
        logger.debug({ watched: service, coordinator: base, reason: describe(error) }, 'watch stream broke');
    } finally {
      clearInterval(silence);
      connection = undefined;
    }
    return heard;
  };

  // A function, so that TypeScript does not take `closed` for constant across an await.
  const isClosed = () => closed;

  const run = async () => {
    let index = 0;
    let failures = 0;
    while (!closed) {
      const base = options.coordinators[index % options.coordinators.length] ?? '';
      const heard = await connect(base);
      if (isClosed()) return;
      failures = heard ? 0 : failures + 1;
      if (failures === options.coordinators.length) {
        logger.warn(
          { watched: service, ageMs: Date.now() - lastWordAt },
          'no coordinator reachable: serving the last listings',
        );
      }
      index += 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          resolve,
          backoffDelay(failures, { initialMs: 50, maximumMs: options.maximumBackoffMs }),
        );
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  void run();

  return {
    service,
    ready,
    all: () => cache.all(),
    pick: () => {
      const serving = cache.all().filter((listing) => listing.draining !== true);
      return serving[Math.floor(Math.random() * serving.length)];
    },
    age: () => Date.now() - lastWordAt,
    isStale: () => Date.now() - lastWordAt > (options.staleAfterMs ?? 3 * keepAliveMs),
    on: (_event, listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      closed = true;
      connection?.abort(new Error('the watch was closed'));
      wake?.();
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
