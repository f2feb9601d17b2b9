/** A published listing kept alive by heartbeats that fail over between coordinators (DESIGN.md §7). */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Listing } from '@tidepool/spec';
import type { CoordinatorApi } from '../coordinator-api.js';

/** A listing this process publishes. */
export interface Publication {
  /** The instance id, chosen by the client so that a failover never makes a second listing. */
  readonly id: string;
  /** Resolves when a coordinator first accepted the listing; rejects when it was refused (4xx). */
  readonly ready: Promise<void>;
  /** The listing as last published. */
  listing(): Listing;
  /** Publishes the listing again with `draining: true`, so that routers stop sending new requests. */
  drain(): Promise<void>;
  /** Stops the heartbeats and removes the listing at once. */
  close(): Promise<void>;
}

/** A coordinator refused a listing: the server secret is wrong, or the listing is malformed or too large. */
export class PublishRefusedError extends Error {
  override readonly name = 'PublishRefusedError';
  readonly status: number;

  constructor(status: number, detail: string) {
    super(`The coordinator refused the listing (${status}): ${detail}`);
    this.status = status;
  }
}

export interface PublicationOptions {
  readonly listing: Listing;
  /** One client per coordinator base URL, tried in order from the last one that answered. */
  readonly coordinators: readonly CoordinatorApi[];
  readonly heartbeatIntervalMs: number;
  readonly logger: Logger;
}

/** Publishes at once and then every heartbeat interval, until closed. */
export function createPublication(options: PublicationOptions): Publication {
  const { coordinators, logger } = options;
  let listing: Listing = { ...options.listing, id: options.listing.id ?? randomUUID() };
  const id = listing.id ?? '';
  /** How its lines name it, as the coordinators' do (`service/id`): a `service` field would be the writer's. */
  const listed = `${listing.service}/${id}`;
  let current = 0;
  let intervalMs = options.heartbeatIntervalMs;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting for `ready`; a refusal is logged either way.
  ready.catch(() => undefined);

  /** One heartbeat: the current coordinator first, then each other one until one answers. */
  const beat = async (): Promise<boolean> => {
    for (let attempt = 0; attempt < coordinators.length; attempt += 1) {
      const api = coordinators[current];
      try {
        if (api === undefined) break;
        const answer = await api.publishListing({ body: listing });
        if (answer.status === 200) {
          // Beat often enough for the coordinator's expiry, whatever this client was told.
          intervalMs = Math.min(options.heartbeatIntervalMs, Math.floor(answer.body.expiresInMs / 3));
          settle?.resolve();
          settle = undefined;
          return true;
        }
        if (answer.status < 500) {
          const error = new PublishRefusedError(answer.status, answer.body.detail ?? answer.body.title);
          logger.error({ listing: listed, status: answer.status }, error.message);
          settle?.reject(error);
          if (settle !== undefined) closed = true;
          settle = undefined;
          return false;
        }
      } catch {
        // Unreachable, timed out or failing: the next coordinator.
      }
      current = (current + 1) % coordinators.length;
    }
    logger.warn({ listing: listed }, 'no coordinator took the heartbeat');
    return false;
  };

  let chain: Promise<boolean> = Promise.resolve(true);
  const beatInOrder = () => (chain = chain.then(beat));
  /**
   * Beats start one interval apart, however long each took to answer: waiting a whole interval
   * after a slow answer would stretch the gap the coordinator sees towards its expiry.
   */
  const beatThenSchedule = () => {
    const started = Date.now();
    void beatInOrder().then(() => {
      if (closed) return;
      const wait = started + intervalMs - Date.now();
      if (wait <= 0) {
        beatThenSchedule();
        return;
      }
      timer = setTimeout(beatThenSchedule, wait);
      timer.unref();
    });
  };
  beatThenSchedule();

  return {
    id,
    ready,
    listing: () => listing,
    drain: async () => {
      listing = { ...listing, draining: true };
      if (!(await beatInOrder())) logger.warn({ listing: listed }, 'draining not published');
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await chain;
      for (let attempt = 0; attempt < coordinators.length; attempt += 1) {
        const api = coordinators[(current + attempt) % coordinators.length];
        try {
          const answer = await api?.removeListing({ params: { service: listing.service, id } });
          if (answer?.status === 204) return;
        } catch {
          // The next coordinator.
        }
      }
      logger.warn({ listing: listed }, 'listing not removed: it expires by itself');
    },
  };
}
