/** `bloodKetone`: a blood ketone (β-hydroxybutyrate) reading from a meter. */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';

/** The units Tidepool takes for ketones: mmol/L, in either spelling (stored as `mmol/L`). */
export const KetoneUnitsSchema = z.enum(['mmol/L', 'mmol/l']).describe('Ketone units: mmol/L.');

export const BloodKetoneObjectSchema = z
  .object({
    type: z.literal('bloodKetone'),
    ...baseDatumShape,
    units: KetoneUnitsSchema,
    value: z.number().min(0).max(10).describe('The reading, 0–10 mmol/L.'),
  })
  .strict()
  .describe('A blood ketone meter reading.');
