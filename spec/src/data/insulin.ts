/** Insulin delivery: `basal` (background rate) and `bolus` (doses). */
import { z } from 'zod';
import { baseDatumShape, DurationMsSchema, insulinAmount } from './base-datum.js';

/** A basal segment: a rate over a duration. `rate` is required except for `suspend` (see `DatumSchema`). */
export const BasalObjectSchema = z
  .object({
    type: z.literal('basal'),
    ...baseDatumShape,
    deliveryType: z.enum(['scheduled', 'temp', 'suspend', 'automated']),
    duration: DurationMsSchema,
    rate: insulinAmount(100, 'Units per hour, 0–100.').optional(),
    scheduleName: z.string().max(128).optional(),
    percent: z
      .number()
      .min(0)
      .max(10)
      .optional()
      .describe('For a temp basal set as a ratio of the scheduled rate.'),
    expectedDuration: DurationMsSchema.optional().describe('The planned duration when cut short.'),
  })
  .strict()
  .describe('A basal delivery segment.');

/**
 * A bolus: `normal` delivers `normal` units at once, `square` delivers `extended` units over
 * `duration`, `dual/square` both (the fields each needs are checked in `DatumSchema`).
 */
export const BolusObjectSchema = z
  .object({
    type: z.literal('bolus'),
    ...baseDatumShape,
    subType: z.enum(['normal', 'square', 'dual/square']),
    normal: insulinAmount(250, 'Units delivered at once, 0–250.').optional(),
    expectedNormal: insulinAmount(250, 'Units programmed at once, when interrupted.').optional(),
    extended: insulinAmount(250, 'Units delivered over `duration`, 0–250.').optional(),
    expectedExtended: insulinAmount(250, 'Units programmed over time, when interrupted.').optional(),
    duration: DurationMsSchema.optional(),
    expectedDuration: DurationMsSchema.optional(),
  })
  .strict()
  .describe('An insulin bolus.');
