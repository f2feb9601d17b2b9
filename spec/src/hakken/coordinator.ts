/** Hakken coordinators, their gossip, their watch streams and their replication of listing changes (DESIGN.md §7). */
import { z } from 'zod';
import { HostPortSchema, ListingSchema, ProtocolSchema } from './listing.js';

const CoordinatorIdSchema = z
  .string()
  .min(1)
  .max(128)
  .describe('The id of a coordinator process; a restarted coordinator has a new one.');

/** A coordinator, as coordinators tell each other about themselves. */
export const CoordinatorSchema = z
  .object({
    host: HostPortSchema,
    protocol: ProtocolSchema,
    id: CoordinatorIdSchema.optional(),
  })
  .describe('A hakken coordinator.');
export type Coordinator = z.infer<typeof CoordinatorSchema>;

/** `POST /v1/coordinator`: a coordinator announces itself and the peers it knows. */
export const CoordinatorAnnouncementSchema = CoordinatorSchema.extend({
  peers: z.array(CoordinatorSchema).max(256).optional().describe('The coordinators the sender knows.'),
}).describe('A coordinator and the peers it knows.');
export type CoordinatorAnnouncement = z.infer<typeof CoordinatorAnnouncementSchema>;

const VersionSchema = z
  .number()
  .int()
  .nonnegative()
  .describe('The coordinator’s version after this event; it increases with every change.');

/** One change of one listing: what coordinators replicate, and what watchers receive live. */
export const ListingChangeSchema = z
  .object({
    kind: z.enum(['upsert', 'remove']),
    version: VersionSchema,
    listing: ListingSchema,
  })
  .describe('A listing was published, changed or removed.');
export type ListingChange = z.infer<typeof ListingChangeSchema>;

const KeepAliveSchema = z
  .number()
  .int()
  .positive()
  .describe('The coordinator sends at least a comment this often; silence for longer means a dead stream.');

/**
 * The first event of a stream that cannot resume: every matching listing as of `version`.
 * A client replaces its cache with it (diffing), so removals it missed are not lost.
 */
export const WatchSnapshotSchema = z
  .object({
    kind: z.literal('snapshot'),
    version: VersionSchema,
    coordinator: CoordinatorIdSchema,
    keepAliveMs: KeepAliveSchema,
    listings: z.array(ListingSchema),
  })
  .describe('Every listing the watch matches, replacing what the client had.');
export type WatchSnapshot = z.infer<typeof WatchSnapshotSchema>;

/** The first event of a resumed stream: every change after `version` follows, none missed. */
export const WatchResumeSchema = z
  .object({
    kind: z.literal('resume'),
    version: VersionSchema,
    coordinator: CoordinatorIdSchema,
    keepAliveMs: KeepAliveSchema,
  })
  .describe('The stream resumes after `version`; the client keeps its cache.');
export type WatchResume = z.infer<typeof WatchResumeSchema>;

/**
 * One event of `GET /v1/watch`. A stream starts with a `snapshot` or a `resume`, then carries
 * `upsert` and `remove` changes in version order; the SSE id of every event is its version.
 */
export const WatchEventSchema = z
  .discriminatedUnion('kind', [ListingChangeSchema, WatchSnapshotSchema, WatchResumeSchema])
  .describe('A watch stream event: a snapshot, a resume marker, or a listing change.');
export type WatchEvent = z.infer<typeof WatchEventSchema>;

/** `GET /v1/watch?service=&since=&coordinator=`. */
export const WatchQuerySchema = z.object({
  service: z
    .string()
    .optional()
    .describe('Only this service (comma-separated list allowed); all when absent.'),
  since: z.coerce
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe(
      'Resume after this version (or send `Last-Event-ID`); a snapshot comes instead when it is absent, ' +
        'too old for the event log, or from another coordinator.',
    ),
  coordinator: CoordinatorIdSchema.optional().describe(
    'The coordinator that `since` came from (of the stream’s first event); another one answers a snapshot.',
  ),
});
export type WatchQuery = z.infer<typeof WatchQuerySchema>;

/** `POST /v1/replicate`: listing changes and renewals a coordinator received, pushed to a peer. */
export const ReplicationBodySchema = z
  .object({
    from: CoordinatorIdSchema.describe('The id of the sending coordinator.'),
    events: z
      .array(ListingChangeSchema)
      .max(10_000)
      .describe('In the sender’s order; an `upsert` that changes nothing renews the listing’s heartbeat.'),
  })
  .strict()
  .describe('Listing changes from another coordinator.');
export type ReplicationBody = z.infer<typeof ReplicationBodySchema>;
