/** A hakken listing: one running instance of a service, as it publishes itself (DESIGN.md §7). */
import { z } from 'zod';

/** A hakken service name, for example `user-api`. */
export const ServiceNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,63}$/,
    'A service name is lowercase letters, digits and `-`, starting with a letter.',
  )
  .describe('A service name, for example `user-api`.');
export type ServiceName = z.infer<typeof ServiceNameSchema>;

/** `hostname:port`, where the instance listens on the private network. */
export const HostPortSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'Expected `hostname:port`.')
  .describe('`hostname:port` (IPv6 in brackets).');

export const ProtocolSchema = z.enum(['http', 'https']);

/**
 * A listing. Fields beyond these are kept and handed to watchers unchanged, as hakken did,
 * so that a service can publish what its clients need (for example `machine` or `slot`).
 */
export const ListingSchema = z
  .object({
    service: ServiceNameSchema,
    host: HostPortSchema,
    protocol: ProtocolSchema,
    id: z.string().min(1).max(128).optional().describe('The instance id; assigned by hakken when absent.'),
    draining: z.boolean().optional().describe('Shutting down: routers send it no new requests.'),
  })
  .passthrough()
  .describe('One running instance of a service.');
export type Listing = z.infer<typeof ListingSchema>;

/** `POST /v1/listings`: the listing is kept for this long unless the next heartbeat renews it. */
export const PublishResultSchema = z
  .object({
    id: z.string().describe('The instance id to send in the next heartbeats.'),
    expiresInMs: z
      .number()
      .int()
      .positive()
      .describe('Publish again before this (heartbeat × allowed misses).'),
  })
  .describe('The listing was stored.');
export type PublishResult = z.infer<typeof PublishResultSchema>;

/** `GET /v1/listings`: every listing with the version of the coordinator's view. */
export const ListingSnapshotSchema = z
  .object({
    version: z.number().int().nonnegative().describe('Resume a watch from here with `since`.'),
    listings: z.array(ListingSchema),
  })
  .describe('Every listing the coordinator knows.');
export type ListingSnapshot = z.infer<typeof ListingSnapshotSchema>;
