/** Insulin delivery: `basal` (a pump's background rate), `bolus` (a pump's doses) and `insulin` (an injection). */
import { z } from 'zod';
import { baseDatumShape, DurationMsSchema, insulinAmount } from './base-datum.js';

/** A name of at most 100 characters, as Tidepool's `insulin` type allows. */
const shortName = (description: string) => z.string().min(1).max(100).describe(description);

/**
 * Which insulin: one (`simple`) or a named formulation (checked in `DatumSchema`); what an
 * injection held, or what a pump's basal or bolus delivered (`insulinFormulation`).
 */
export const InsulinFormulationSchema = z
  .object({
    name: shortName('The formulation’s name.').optional(),
    simple: z
      .object({
        actingType: z.enum(['rapid', 'short', 'intermediate', 'long']).describe('How fast the insulin acts.'),
        brand: shortName('The brand, e.g. Humalog.').optional(),
        concentration: z
          .object({ units: z.literal('Units/mL'), value: z.number().min(0).max(10_000) })
          .strict()
          .optional()
          .describe('Units per millilitre (U-100 is 100).'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .describe('Which insulin: `simple` or at least a `name`. Mixes given as `compounds` are not taken.');

/** A basal rate in units per hour, as Tidepool bounds it. */
const basalRate = (description: string) => insulinAmount(100, description);

const suppressedFields = {
  type: z.literal('basal'),
  rate: basalRate('Units per hour it would have delivered, 0–100.'),
  insulinFormulation: InsulinFormulationSchema.optional(),
};

/** A scheduled or automated rate that another replaced for a while. */
function suppressedRate<T extends 'scheduled' | 'automated'>(deliveryType: T) {
  return z
    .object({
      ...suppressedFields,
      deliveryType: z.literal(deliveryType),
      scheduleName: z.string().min(1).max(128).optional(),
    })
    .strict();
}

const SuppressedScheduledSchema = suppressedRate('scheduled');

/** A temp rate that a suspension replaced, with the scheduled rate the temp rate had replaced. */
const SuppressedTemporarySchema = z
  .object({
    ...suppressedFields,
    deliveryType: z.literal('temp'),
    percent: z.number().min(0).max(10).optional(),
    suppressed: SuppressedScheduledSchema.optional(),
  })
  .strict();

/**
 * What a temp rate, a suspension or an automated rate replaced (Tidepool's `suppressed`): which
 * kinds each may replace is checked in `DatumSchema`.
 */
export const SuppressedBasalSchema = z
  .discriminatedUnion('deliveryType', [
    SuppressedScheduledSchema,
    suppressedRate('automated'),
    SuppressedTemporarySchema,
  ])
  .describe('The basal this one replaced: its rate, and for a temp rate the scheduled one under it.');

/** A basal segment: a rate over a duration. `rate` is required except for `suspend` (see `DatumSchema`). */
export const BasalObjectSchema = z
  .object({
    type: z.literal('basal'),
    ...baseDatumShape,
    deliveryType: z.enum(['scheduled', 'temp', 'suspend', 'automated']),
    duration: DurationMsSchema,
    rate: basalRate('Units per hour, 0–100.').optional(),
    scheduleName: z.string().max(128).optional(),
    percent: z
      .number()
      .min(0)
      .max(10)
      .optional()
      .describe('For a temp basal set as a ratio of the scheduled rate.'),
    expectedDuration: DurationMsSchema.optional().describe('The planned duration when cut short.'),
    suppressed: SuppressedBasalSchema.optional(),
    insulinFormulation: InsulinFormulationSchema.optional(),
  })
  .strict()
  .describe('A basal delivery segment.');

/**
 * A bolus: `normal` delivers `normal` units at once, `square` delivers `extended` units over
 * `duration`, `dual/square` both, `automated` is a dose a closed loop decided (`normal` units at
 * once). The fields each needs are checked in `DatumSchema`.
 */
export const BolusObjectSchema = z
  .object({
    type: z.literal('bolus'),
    ...baseDatumShape,
    subType: z.enum(['normal', 'square', 'dual/square', 'automated']),
    normal: insulinAmount(250, 'Units delivered at once, 0–250.').optional(),
    expectedNormal: insulinAmount(250, 'Units programmed at once, when interrupted.').optional(),
    extended: insulinAmount(250, 'Units delivered over `duration`, 0–250.').optional(),
    expectedExtended: insulinAmount(250, 'Units programmed over time, when interrupted.').optional(),
    duration: DurationMsSchema.optional(),
    expectedDuration: DurationMsSchema.optional(),
    deliveryContext: z
      .enum(['device', 'algorithm', 'remote', 'undetermined'])
      .optional()
      .describe('Who started it: the pump, an algorithm, a remote app, or not known.'),
    insulinFormulation: InsulinFormulationSchema.optional(),
  })
  .strict()
  .describe('An insulin bolus.');

/** How much an injection delivered, and what for when the giver said so. */
export const InsulinDoseSchema = z
  .object({
    total: insulinAmount(250, 'Units injected, 0–250.'),
    units: z.literal('Units'),
    food: insulinAmount(250, 'Of `total`, units for food, 0–250.').optional(),
    correction: z
      .number()
      .min(-250)
      .max(250)
      .optional()
      .describe('Of `total`, units to correct glucose, −250–250.'),
    active: insulinAmount(250, 'Insulin on board when injected, 0–250 units.').optional(),
  })
  .strict()
  .describe('An injected dose.');

/**
 * An injection of insulin (a pen or a syringe), Tidepool's `insulin` type: what a pump delivers
 * is a `basal` or a `bolus`. A long-acting injection is an `insulin` with `formulation.simple.actingType: long`.
 */
export const InsulinObjectSchema = z
  .object({
    type: z.literal('insulin'),
    ...baseDatumShape,
    dose: InsulinDoseSchema.optional(),
    formulation: InsulinFormulationSchema.optional(),
    site: shortName('Where it was injected (identifying: encrypted per patient).').optional(),
  })
  .strict()
  .describe('An insulin injection.');
