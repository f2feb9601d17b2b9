/** The open watch streams of a coordinator: each starts with a snapshot or a resume, then gets every change. */
import { PassThrough } from 'node:stream';
import type { Listing, WatchEvent } from '@tidepool/spec';
import type { ListingChange } from '../watch-event-types.js';
import type { ListingStore } from './listing-store.js';
import { formatComment, formatEvent } from '@tidepool/kit';

export interface WatchHubOptions {
  readonly store: ListingStore;
  readonly coordinatorId: string;
  /** A comment goes to every stream this often, so that a silent stream means a dead one. */
  readonly keepAliveMs: number;
  /** A watcher whose unsent events exceed this is cut off; it resumes when it reconnects. */
  readonly maximumBufferedBytes?: number;
}

/** What a watch asks for: `GET /v1/watch` after validation. */
export interface WatchRequest {
  /** Only these services; every service when undefined. */
  readonly services: ReadonlySet<string> | undefined;
  readonly since: number | undefined;
  /** The coordinator `since` came from; when absent, `since` is trusted (a browser's `Last-Event-ID`). */
  readonly coordinator: string | undefined;
}

interface Watcher {
  readonly matches: (listing: Listing) => boolean;
  readonly stream: PassThrough;
}

/**
 * Serves the watch streams. Opening a stream writes its first events and registers it in the
 * same synchronous step, so no change can fall between the snapshot (or the replay) and the
 * live changes.
 */
export class WatchHub {
  private readonly options: WatchHubOptions;
  private readonly watchers = new Set<Watcher>();
  private readonly keepAliveTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(options: WatchHubOptions) {
    this.options = options;
    this.unsubscribe = options.store.onChange((change) => {
      this.broadcast(change);
    });
    this.keepAliveTimer = setInterval(() => {
      for (const watcher of this.watchers) watcher.stream.write(formatComment('keep-alive'));
    }, options.keepAliveMs);
    this.keepAliveTimer.unref();
  }

  /** How many streams are open. */
  get size(): number {
    return this.watchers.size;
  }

  /** Opens a stream for a watch; destroy it when the client goes away. */
  open(request: WatchRequest): PassThrough {
    const { store, coordinatorId, keepAliveMs } = this.options;
    const services = request.services;
    const matches = (listing: Listing) => services === undefined || services.has(listing.service);
    const stream = new PassThrough();
    const sameCoordinator = request.coordinator === undefined || request.coordinator === coordinatorId;
    const replay =
      request.since !== undefined && sameCoordinator ? store.log.changesAfter(request.since) : undefined;
    if (request.since !== undefined && replay !== undefined) {
      write(stream, request.since, {
        kind: 'resume',
        version: request.since,
        coordinator: coordinatorId,
        keepAliveMs,
      });
      for (const change of replay) if (matches(change.listing)) write(stream, change.version, change);
    } else {
      const version = store.version;
      const listings = store.list(matches);
      write(stream, version, {
        kind: 'snapshot',
        version,
        coordinator: coordinatorId,
        keepAliveMs,
        listings,
      });
    }
    const watcher: Watcher = { matches, stream };
    this.watchers.add(watcher);
    stream.once('close', () => this.watchers.delete(watcher));
    return stream;
  }

  /** Ends every stream, so that the server can close; clients reconnect to another coordinator. */
  close(): void {
    clearInterval(this.keepAliveTimer);
    this.unsubscribe();
    for (const watcher of this.watchers) watcher.stream.end();
    this.watchers.clear();
  }

  private broadcast(change: ListingChange): void {
    const limit = this.options.maximumBufferedBytes ?? 4 * 1024 * 1024;
    for (const watcher of this.watchers) {
      if (!watcher.matches(change.listing)) continue;
      if (watcher.stream.writableLength > limit) {
        // A watcher this far behind would hold the memory of every change: cut it off; it resumes.
        watcher.stream.destroy();
        continue;
      }
      write(watcher.stream, change.version, change);
    }
  }
}

function write(stream: PassThrough, id: number, event: WatchEvent): void {
  stream.write(formatEvent(id, JSON.stringify(event)));
}
