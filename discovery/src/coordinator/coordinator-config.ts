/** The coordinator process's configuration: one zod schema over the environment (STYLE.md point 4). */
import { z } from 'zod';
import { serviceConfigSchema } from '@tidepool/kit';
import { HostPortSchema } from '@tidepool/spec';
import { parseCoordinatorList } from '../coordinator-url.js';

const positiveInteger = z.coerce.number().int().positive();

/** The environment of `discovery/src/main.ts`, on top of the variables every service reads. */
export const coordinatorConfigSchema = serviceConfigSchema({
  /** Seed coordinators, `host:port` separated by commas; gossip finds the rest. */
  HAKKEN_PEERS: z
    .string()
    .optional()
    .superRefine((value, context) => {
      try {
        parseCoordinatorList(value);
      } catch (error) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
      }
    })
    .transform(parseCoordinatorList),
  /** How often publishers renew their listings; DESIGN.md §7 says 1 s. */
  HAKKEN_HEARTBEAT_INTERVAL_MS: positiveInteger.default(1000),
  /** Heartbeats a listing may miss before it is dropped; DESIGN.md §7 says 3. */
  HAKKEN_ALLOWED_MISSES: positiveInteger.default(3),
  /** `host:port` that peers and clients reach this coordinator at; HOST:PORT when unset. */
  HAKKEN_ANNOUNCE_HOST: HostPortSchema.optional(),
  /** Changes kept for resuming watches; a watch away for longer gets a snapshot. */
  HAKKEN_EVENT_LOG_SIZE: positiveInteger.default(10_000),
  /** The largest listing accepted, in bytes of JSON. */
  HAKKEN_MAXIMUM_LISTING_BYTES: positiveInteger.default(16 * 1024),
  /** Bodies are small here: a listing, a gossip message or a replication batch. */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 64kb or 65536')
    .default('64kb'),
});

/** The checked configuration of a coordinator process. */
export type CoordinatorConfig = z.output<typeof coordinatorConfigSchema>;
