/** The handlers of the hakken contract: what each route of a coordinator does (DESIGN.md §7). */
import { randomUUID } from 'node:crypto';
import {
  EVENT_STREAM_HEADERS,
  parseLastEventId,
  payloadTooLarge,
  validationFailed,
  type ServiceHandlers,
} from '@tidepool/kit';
import { ServiceNameSchema, type hakkenContract, type Listing } from '@tidepool/spec';
import type { ListingStore } from './listing-store.js';
import type { Membership } from './membership.js';
import type { Replicator } from './replicator.js';
import type { WatchHub } from './watch-hub.js';

/** Everything the handlers work with. */
export interface CoordinatorParts {
  readonly id: string;
  readonly store: ListingStore;
  readonly hub: WatchHub;
  readonly membership: Membership;
  readonly replicator: Replicator;
  readonly expiryMs: number;
  readonly maximumListingBytes: number;
  /** Reads wait for the start-up catch-up, so that a new coordinator never answers with a partial view. */
  readonly caughtUp: Promise<void>;
}

/**
 * What the log says of a listing: which instance of which service, where, and whether it is
 * draining; not its other fields, which a publisher may fill with anything.
 */
function loggedListing(listing: Listing) {
  return {
    service: listing.service,
    id: listing.id,
    host: listing.host,
    draining: listing.draining === true,
  };
}

/** `service=a,b` of a watch: the set of services, or undefined for all of them. */
function parseServices(service: string | undefined): Set<string> | undefined {
  if (service === undefined || service.trim() === '') return undefined;
  const names = service.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!ServiceNameSchema.safeParse(name).success) {
      throw validationFailed([
        { location: 'query', path: 'service', message: `"${name}" is not a service name.` },
      ]);
    }
  }
  return new Set(names);
}

/** The handlers for `createServiceApp` (the kit serves `/status` and `/metrics` itself). */
export function createHakkenHandlers(parts: CoordinatorParts): ServiceHandlers<typeof hakkenContract> {
  const { store, hub, membership, replicator } = parts;
  return {
    getCoordinators: () => Promise.resolve({ status: 200, body: membership.list() }),

    announceCoordinator: ({ body }) => {
      membership.merge(body);
      return Promise.resolve({ status: 200, body: membership.list() });
    },

    listAllListings: async () => {
      await parts.caughtUp;
      return { status: 200, body: { version: store.version, listings: store.list() } };
    },

    listListings: async ({ params }) => {
      await parts.caughtUp;
      return { status: 200, body: store.list((listing) => listing.service === params.service) };
    },

    publishListing: ({ body, req }) => {
      const bytes = Buffer.byteLength(JSON.stringify(body));
      if (bytes > parts.maximumListingBytes) {
        throw payloadTooLarge(
          `A listing may take ${parts.maximumListingBytes} bytes of JSON; this one takes ${bytes}.`,
        );
      }
      const listing = { ...body, id: body.id ?? randomUUID() };
      const change = store.upsert(listing, 'publisher');
      // A heartbeat that changes nothing is routine (logged at debug with the request); a new
      // instance, or one that starts draining, is news.
      if (change !== undefined) req.log.info({ listing: loggedListing(listing) }, 'listing stored');
      // Unchanged listings are replicated too: for the peers, that is the heartbeat.
      replicator.push(change ?? { kind: 'upsert', version: store.version, listing });
      return Promise.resolve({ status: 200, body: { id: listing.id, expiresInMs: parts.expiryMs } });
    },

    removeListing: ({ params, req }) => {
      const change = store.remove(params.service, params.id);
      if (change !== undefined) {
        req.log.info({ listing: loggedListing(change.listing) }, 'listing removed');
        replicator.push(change);
      }
      return Promise.resolve({ status: 204, body: undefined });
    },

    watchListings: async ({ query, req, res }) => {
      const services = parseServices(query.service);
      await parts.caughtUp;
      const since = query.since ?? parseLastEventId(req.headers['last-event-id']);
      const stream = hub.open({ services, since, coordinator: query.coordinator });
      res.once('close', () => stream.destroy());
      // Each event is written as soon as it happens; never hold it back to fill a packet.
      req.socket.setNoDelay(true);
      for (const [name, value] of Object.entries(EVENT_STREAM_HEADERS)) res.setHeader(name, value);
      // ts-rest pipes a stream body into the response instead of serializing it.
      return { status: 200, body: stream as unknown as string };
    },

    replicate: ({ body }) => {
      if (body.from !== parts.id) {
        for (const event of body.events) {
          const { listing } = event;
          if (listing.id === undefined) continue;
          if (event.kind === 'upsert') store.upsert({ ...listing, id: listing.id }, 'peer');
          else store.remove(listing.service, listing.id);
        }
      }
      return Promise.resolve({ status: 200, body: undefined });
    },
  };
}
