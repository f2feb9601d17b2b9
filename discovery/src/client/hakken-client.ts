/** The hakken client every process uses: publish itself, watch others (DESIGN.md §7). */
import type { Logger } from 'pino';
import { createLogger } from '@tidepool/kit';
import { ListingSchema, type Listing } from '@tidepool/spec';
import { createCoordinatorApi } from '../coordinator-api.js';
import { coordinatorUrl } from '../coordinator-url.js';
import { createListingWatch, type ListingFilter, type ListingWatch } from './listing-watch.js';
import { createPublication, type Publication } from './publication.js';

export interface HakkenClientOptions {
  /** Coordinators as `host:port` or URLs, tried in this order (put the nearest first). */
  readonly coordinators: readonly string[];
  /** The shared server secret; publishing needs it. */
  readonly serverSecret: string;
  /** Default 1000 ms, and never longer than a third of what the coordinator's expiry allows. */
  readonly heartbeatIntervalMs?: number;
  /** Watches report `isStale()` after this long without a word; default three coordinator keep-alives. */
  readonly staleAfterMs?: number;
  /** The longest wait between reconnections when no coordinator answers; default 1000 ms. */
  readonly maximumBackoffMs?: number;
  readonly fetch?: typeof fetch;
  readonly logger?: Logger;
}

export interface HakkenClient {
  /**
   * Publishes a listing and keeps it alive with heartbeats, failing over between coordinators.
   * Throws at once when the listing is malformed.
   *
   * @example
   * const publication = hakken.publish({ service: 'user-api', host: '127.0.0.1:9107', protocol: 'http' });
   * await publication.ready;
   */
  publish(listing: Listing): Publication;
  /**
   * Watches a service.
   *
   * @example
   * const users = hakken.watch('user-api');
   * await users.ready;
   * const instance = users.pick();
   */
  watch(service: string, filter?: ListingFilter): ListingWatch;
  /** Removes every publication and stops every watch. */
  close(): Promise<void>;
}

/** Makes a hakken client; it contacts no coordinator until it publishes or watches. */
export function createHakkenClient(options: HakkenClientOptions): HakkenClient {
  if (options.coordinators.length === 0) throw new Error('A hakken client needs at least one coordinator.');
  const urls = options.coordinators.map(coordinatorUrl);
  const fetchFunction = options.fetch ?? fetch;
  const logger = options.logger ?? createLogger({ service: 'hakken-client', level: 'silent' });
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
  const apis = urls.map((baseUrl) =>
    createCoordinatorApi({
      baseUrl,
      serverSecret: options.serverSecret,
      // A heartbeat that takes longer than an interval goes to the next coordinator.
      timeoutMs: Math.max(heartbeatIntervalMs, 250),
      fetch: fetchFunction,
    }),
  );
  const publications = new Set<Publication>();
  const watches = new Set<ListingWatch>();

  return {
    publish(listing) {
      const checked = ListingSchema.parse(listing);
      const publication = createPublication({
        listing: checked,
        coordinators: apis,
        heartbeatIntervalMs,
        logger,
      });
      publications.add(publication);
      return {
        ...publication,
        close: async () => {
          publications.delete(publication);
          await publication.close();
        },
      };
    },
    watch(service, filter) {
      const watch = createListingWatch({
        service,
        filter,
        coordinators: urls,
        fetch: fetchFunction,
        logger,
        staleAfterMs: options.staleAfterMs,
        maximumBackoffMs: options.maximumBackoffMs ?? 1000,
      });
      watches.add(watch);
      return {
        ...watch,
        close: () => {
          watches.delete(watch);
          watch.close();
        },
      };
    },
    async close() {
      for (const watch of watches) watch.close();
      watches.clear();
      await Promise.all([...publications].map((publication) => publication.close()));
      publications.clear();
    },
  };
}
