/** The hakken contract: service discovery between coordinators and every process (DESIGN.md §7). Private: no public prefix. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute } from '../common/route-meta.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import {
  CoordinatorAnnouncementSchema,
  CoordinatorSchema,
  ReplicationBodySchema,
  WatchEventSchema,
  WatchQuerySchema,
} from './coordinator.js';
import { ListingSchema, ListingSnapshotSchema, PublishResultSchema, ServiceNameSchema } from './listing.js';

const c = initContract();

const wrongSecret = problem('The server secret is missing or wrong.');

/** Every route of hakken; all are internal, as the original hakken's shapes. */
export const hakkenContract = c.router(
  {
    ...serviceStatusRoutes,
    getCoordinators: {
      method: 'GET',
      path: '/v1/coordinator',
      summary: 'List the coordinators',
      description: 'Every coordinator this one knows, itself included.',
      responses: { 200: z.array(CoordinatorSchema) },
      metadata: internalRoute('none'),
    },
    announceCoordinator: {
      method: 'POST',
      path: '/v1/coordinator',
      summary: 'Announce a coordinator (gossip)',
      description:
        'A coordinator tells a peer about itself and its peers, and learns the peer’s list in return.',
      body: CoordinatorAnnouncementSchema,
      responses: { 200: z.array(CoordinatorSchema), ...problemResponses(400, 413), 401: wrongSecret },
      metadata: internalRoute('secret', {
        routine: true,
        examples: { body: { host: '127.0.0.1:8000', protocol: 'http', peers: [] } },
      }),
    },
    listAllListings: {
      method: 'GET',
      path: '/v1/listings',
      summary: 'List every listing',
      description: 'A snapshot of every live listing, with the version to watch from.',
      responses: { 200: ListingSnapshotSchema },
      metadata: internalRoute('none'),
    },
    listListings: {
      method: 'GET',
      path: '/v1/listings/:service',
      pathParams: z.object({ service: ServiceNameSchema }),
      summary: 'List the instances of a service',
      description:
        'The live listings of one service, draining ones included (routers skip them). Empty when none.',
      responses: { 200: z.array(ListingSchema), ...problemResponses(400) },
      metadata: internalRoute('none'),
    },
    publishListing: {
      method: 'POST',
      path: '/v1/listings',
      summary: 'Publish a listing (and heartbeat)',
      description:
        'Stores or renews the listing. Publish again before `expiresInMs`, with the returned `id`; ' +
        'a listing that misses its heartbeats is dropped. Publish with `draining: true` when shutting down.',
      body: ListingSchema,
      responses: {
        200: PublishResultSchema,
        ...problemResponses(400),
        401: wrongSecret,
        413: problem('The listing is larger than the coordinator accepts (16 kB of JSON by default).'),
      },
      metadata: internalRoute('secret', {
        routine: true,
        examples: { body: { service: 'user-api', host: '127.0.0.1:9107', protocol: 'http' } },
      }),
    },
    removeListing: {
      method: 'DELETE',
      path: '/v1/listings/:service/:id',
      pathParams: z.object({ service: ServiceNameSchema, id: z.string().min(1).max(128) }),
      summary: 'Remove a listing',
      description:
        'Withdraws an instance at once, at the end of a graceful shutdown. Succeeds when already gone.',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(400), 401: wrongSecret },
      metadata: internalRoute('secret'),
    },
    watchListings: {
      method: 'GET',
      path: '/v1/watch',
      query: WatchQuerySchema,
      summary: 'Watch listing changes',
      description:
        'A server-sent event stream; each event `data` is a JSON `WatchEvent` and its SSE id is the ' +
        'version. The stream opens with a `snapshot` (every matching listing) or, when `since` and ' +
        '`coordinator` name a version this coordinator can still replay, a `resume` marker; then come ' +
        'the changes in order, and a comment at least every `keepAliveMs`. A client resumes with ' +
        '`since` (or `Last-Event-ID`) without missing a change.',
      responses: {
        200: c.otherResponse({ contentType: 'text/event-stream', body: z.string() }),
        ...problemResponses(400),
      },
      metadata: internalRoute('none', { eventSchema: WatchEventSchema }),
    },
    replicate: {
      method: 'POST',
      path: '/v1/replicate',
      summary: 'Replicate listing changes from a peer',
      description:
        'A coordinator pushes the publishes, heartbeats and removals it received to its peers, so any ' +
        'coordinator sees every listing.',
      body: ReplicationBodySchema,
      responses: { 200: c.noBody(), ...problemResponses(400, 413), 401: wrongSecret },
      metadata: internalRoute('secret', { routine: true }),
    },
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
