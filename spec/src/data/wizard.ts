/** `wizard`: a bolus calculator event, what the pump recommended and why. */
import { z } from 'zod';
import { baseDatumShape, insulinAmount } from './base-datum.js';
import { GlucoseUnitsSchema } from './glucose.js';

/** A glucose target: a single target, a low–high band, or a target with a range around it. */
export const GlucoseTargetSchema = z
  .object({
    low: z.number().min(0).optional(),
    high: z.number().min(0).optional(),
    target: z.number().min(0).optional(),
    range: z.number().min(0).optional(),
  })
  .strict()
  .describe('A glucose target in the datum’s units.');

/** A bolus calculator event. `bgInput` is range-checked against `units` (see `DatumSchema`). */
export const WizardObjectSchema = z
  .object({
    type: z.literal('wizard'),
    ...baseDatumShape,
    units: GlucoseUnitsSchema,
    recommended: z
      .object({
        carb: insulinAmount(250, 'Units for the carbohydrates.').optional(),
        correction: z
          .number()
          .min(-250)
          .max(250)
          .optional()
          .describe('Units to correct glucose; may be negative.'),
        net: z.number().min(-250).max(250).optional().describe('Units recommended in total.'),
      })
      .strict()
      .optional(),
    carbInput: z.number().min(0).max(1000).optional().describe('Grams of carbohydrate entered.'),
    insulinOnBoard: insulinAmount(250, 'Units still active.').optional(),
    insulinCarbRatio: z.number().min(0).max(250).optional().describe('Grams covered by one unit.'),
    insulinSensitivity: z.number().min(0).optional().describe('Glucose drop per unit, in `units`.'),
    bgInput: z.number().optional().describe('The glucose entered, in `units`.'),
    bgTarget: GlucoseTargetSchema.optional(),
    bolus: z.string().min(1).max(128).optional().describe('The id of the bolus given.'),
  })
  .strict()
  .describe('A bolus calculator event.');
