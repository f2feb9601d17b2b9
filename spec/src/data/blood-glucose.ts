/** Glucose readings: `cbg` (continuous, from a CGM) and `smbg` (self-monitored, from a meter). */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';
import { GlucoseUnitsSchema } from './glucose.js';

const readingShape = {
  units: GlucoseUnitsSchema,
  value: z.number().describe('The reading in `units`: 0–55 mmol/L or 0–1000 mg/dL.'),
};

/** A continuous glucose monitor reading, without the per-unit range check (see `DatumSchema`). */
export const CbgObjectSchema = z
  .object({ type: z.literal('cbg'), ...baseDatumShape, ...readingShape })
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
