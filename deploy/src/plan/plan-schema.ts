/** The shape of a plan file: which bundles an agent puts into which slots, stage by stage (DESIGN.md §8). */
import { z } from 'zod';
import { BundleSchema, ServiceNameSchema, SlotNameSchema } from '@tidepool/spec';

const PortTextSchema = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .refine((text) => Number(text) <= 65_535, 'must be a port number up to 65535');

/** A service the plan adds to the agent's built-in ones (test fixtures, a service of one's own). */
export const PlanServiceSchema = z
  .object({
    /** The main file, relative to the repository root. */
    entry: z.string().min(1),
    /** Whether it opens an embedded database under `DATA_DIR/<service>/` (one process per directory). */
    embeddedDatabase: z.boolean().default(false),
  })
  .strict();

export const PlanSlotSchema = z.object({ name: SlotNameSchema, bundle: BundleSchema }).strict();
export type PlanSlot = z.output<typeof PlanSlotSchema>;

/** Slots that start together; the next stage starts once every slot of this one is RUNNING. */
export const PlanStageSchema = z
  .object({
    name: z.string().min(1).max(64),
    slots: z.array(PlanSlotSchema).min(1, 'must list at least one slot'),
  })
  .strict();
export type PlanStage = z.output<typeof PlanStageSchema>;

export const PlanSchema = z
  .object({
    /** The agent's server name, as `shio servers show` lists it. */
    server: SlotNameSchema.default('local'),
    /** Where the agent itself listens (the shio contract); port 0 lets the system choose. */
    agent: z
      .object({ host: z.string().min(1).default('127.0.0.1'), port: PortTextSchema.default('0') })
      .strict()
      .default({}),
    /** The coordinators the agent publishes itself to, as `host:port` or URLs. */
    hakken: z.array(z.string().min(1)).min(1, 'must name at least one coordinator'),
    /** The public address of styx, for the URLs printed once everything runs. */
    publicUrl: z.string().url(),
    services: z.record(ServiceNameSchema, PlanServiceSchema).default({}),
    stages: z.array(PlanStageSchema).min(1, 'must list at least one stage'),
  })
  .strict();
export type Plan = z.output<typeof PlanSchema>;
