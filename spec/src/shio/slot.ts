/** A shio slot: a named place on a server that runs one versioned bundle as a child process (DESIGN.md §8). */
import { z } from 'zod';
import { ServiceNameSchema } from '../hakken/listing.js';

/** A slot name, unique on its server, for example `user-api-1`. */
export const SlotNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'A slot name is lowercase letters, digits and `-`.')
  .describe('A slot name, unique on its server.');
export type SlotName = z.infer<typeof SlotNameSchema>;

/** What a slot runs: a service at a version with its configuration (environment variables). */
export const BundleSchema = z
  .object({
    service: ServiceNameSchema,
    version: z.string().min(1).max(64),
    config: z
      .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string())
      .describe('Environment variables for the process. Secrets here are never shown in answers or logs.'),
  })
  .strict()
  .describe('A versioned service and its configuration.');
export type Bundle = z.infer<typeof BundleSchema>;

export const SLOT_STATES = ['STOPPED', 'STARTING', 'RUNNING', 'CRASHED', 'DRAINING'] as const;
export const SlotStateSchema = z.enum(SLOT_STATES).describe('What the slot’s process is doing.');
export type SlotState = z.infer<typeof SlotStateSchema>;

/** A slot as the agent reports it. The bundle's configuration is left out: it may hold secrets. */
export const SlotSchema = z
  .object({
    name: SlotNameSchema,
    state: SlotStateSchema,
    bundle: z
      .object({ service: ServiceNameSchema, version: z.string() })
      .optional()
      .describe('The loaded bundle.'),
    pid: z.number().int().positive().optional(),
    restarts: z.number().int().nonnegative().describe('Restarts after crashes since the slot was started.'),
    startedTime: z.string().datetime({ offset: true }).optional(),
    lastExitCode: z.number().int().nullable().optional(),
    lastExitSignal: z.string().nullable().optional(),
  })
  .describe('A slot.');
export type Slot = z.infer<typeof SlotSchema>;

/** `GET /v1/server`: the agent's server and its slots. */
export const ServerSchema = z
  .object({
    name: z.string().describe('The server name.'),
    machine: z.string().describe('The machine (host name) it runs on.'),
    host: z.string().describe('`hostname:port` of the agent.'),
    slots: z.array(SlotSchema),
  })
  .describe('A shio server.');
export type Server = z.infer<typeof ServerSchema>;

/** `POST /v1/slots/:slot/load`. */
export const LoadBundleBodySchema = z
  .object({ bundle: BundleSchema })
  .strict()
  .describe('The bundle to load.');
export type LoadBundleBody = z.infer<typeof LoadBundleBodySchema>;

/** `GET /v1/slots/:slot/logs?lines=`. */
export const SlotLogsQuerySchema = z.object({
  lines: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('The last this many lines (default 200).'),
});
export const SlotLogsSchema = z
  .object({ lines: z.array(z.string()) })
  .describe('The last lines of the slot’s output.');
export type SlotLogs = z.infer<typeof SlotLogsSchema>;
