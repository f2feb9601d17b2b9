/** Glucose statistics over a time range: the numbers a clinician reads first (`GET /data/summary/:userid`). */
import { z } from 'zod';
import { DateTimeSchema } from '../common/time.js';
import { GlucoseUnitsSchema } from './glucose.js';

const optionalThreshold = (description: string) =>
  z.coerce.number().positive().optional().describe(`${description}, in \`units\`.`);

/**
 * The range and thresholds. Defaults follow the international consensus on time in range
 * (Battelino et al., Diabetes Care 2019): 3.0 / 3.9 / 10.0 / 13.9 mmol/L (54 / 70 / 180 / 250 mg/dL).
 */
export const SummaryQuerySchema = z.object({
  startDate: DateTimeSchema,
  endDate: DateTimeSchema,
  veryLowThreshold: optionalThreshold('Below this is very low (default 3.0 mmol/L)'),
  lowThreshold: optionalThreshold('Below this is low (default 3.9 mmol/L)'),
  highThreshold: optionalThreshold('Above this is high (default 10.0 mmol/L)'),
  veryHighThreshold: optionalThreshold('Above this is very high (default 13.9 mmol/L)'),
  units: GlucoseUnitsSchema.optional().describe(
    'The units of the thresholds and of the answer (default mmol/L).',
  ),
});
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>;

const fraction = (description: string) =>
  z.number().min(0).max(1).describe(`${description}, a fraction 0–1.`);

/**
 * Statistics of the `cbg` readings in the range (falling back to `smbg` when there are none).
 * Time fractions count readings, so they sum to 1 over the bands reported.
 */
export const SummarySchema = z
  .object({
    startDate: DateTimeSchema,
    endDate: DateTimeSchema,
    units: GlucoseUnitsSchema,
    readings: z.number().int().nonnegative().describe('How many readings the statistics are over.'),
    mean: z.number().nonnegative().describe('Mean glucose, in `units`.'),
    standardDeviation: z.number().nonnegative().describe('In `units`.'),
    coefficientOfVariation: z
      .number()
      .nonnegative()
      .describe('Standard deviation ÷ mean, a fraction (0.36 = 36 %).'),
    gmi: z
      .number()
      .describe('Glucose management indicator, in % (Bergenstal et al. 2018: 3.31 + 0.02392 × mean mg/dL).'),
    timeVeryLow: fraction('Readings below the very-low threshold').optional(),
    timeBelowRange: fraction('Readings below the low threshold (very low included)'),
    timeInRange: fraction('Readings from the low to the high threshold'),
    timeAboveRange: fraction('Readings above the high threshold (very high included)'),
    timeVeryHigh: fraction('Readings above the very-high threshold').optional(),
    thresholds: z
      .object({
        veryLow: z.number().optional(),
        low: z.number(),
        high: z.number(),
        veryHigh: z.number().optional(),
      })
      .describe('The thresholds used, in `units`.'),
  })
  .describe('Glucose statistics over a range. Empty ranges answer 404.');
export type Summary = z.infer<typeof SummarySchema>;
