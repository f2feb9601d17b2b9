/** Glucose readings: `cbg` (continuous, from a CGM) and `smbg` (self-monitored, from a meter). */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';
import { GlucoseUnitsSchema } from './glucose.js';

const readingShape = {
  units: GlucoseUnitsSchema,
  value: z.number().describe('The reading in `units`: 0–55 mmol/L or 0–1000 mg/dL.'),
};

/** The direction a CGM shows glucose moving in, as Tidepool names its arrows. */
export const CGM_TRENDS = [
  'constant',
  'slowFall',
  'slowRise',
  'moderateFall',
  'moderateRise',
  'rapidFall',
  'rapidRise',
] as const;

/** A continuous glucose monitor reading, without the per-unit range check (see `DatumSchema`). */
export const CbgObjectSchema = z
  .object({
    type: z.literal('cbg'),
    ...baseDatumShape,
    ...readingShape,
    trend: z.enum(CGM_TRENDS).optional().describe('The CGM’s trend arrow.'),
    trendRate: z
      .number()
      .min(-100)
      .max(100)
      .optional()
      .describe('How fast glucose was changing, in `units` per minute (stored in mmol/L per minute).'),
    sampleInterval: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * 60 * 1000)
      .optional()
      .describe('Milliseconds between the CGM’s readings.'),
    backfilled: z.boolean().optional().describe('Whether the CGM sent it late, filling a gap.'),
  })
  .strict()
  .describe('A continuous glucose monitor reading.');

/** A meter (finger-stick) reading, without the per-unit range check (see `DatumSchema`). */
export const SmbgObjectSchema = z
  .object({
    type: z.literal('smbg'),
    ...baseDatumShape,
    ...readingShape,
    subType: z
      .enum(['manual', 'linked'])
      .optional()
      .describe('`manual` when typed in, `linked` when the meter sent it.'),
  })
  .strict()
  .describe('A blood glucose meter reading.');
