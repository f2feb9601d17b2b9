/**
 * `dosingDecision`: what an automated insulin delivery app (Loop, Tidepool Loop) knew and
 * recommended when it decided a dose: glucose history and forecast, insulin and carbohydrates on
 * board, the target range, the recommended and requested bolus, the basal it set. As Tidepool's
 * platform takes it (its current shape; earlier ones differ in names and units).
 */
import { z } from 'zod';
import { DateTimeSchema } from '../common/time.js';
import { baseDatumShape, ScheduleTimeZoneOffsetSchema } from './base-datum.js';
import { NutritionSchema } from './food.js';
import { GlucoseUnitsSchema } from './glucose.js';
import { GlucoseTargetSegmentSchema } from './pump-settings.js';

/** Readings a decision may carry, at most one a minute for a day (Tidepool's limit). */
const READINGS_MAXIMUM = 24 * 60;

/** Milliseconds, at most a day. */
const upToADay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000);

/** A glucose value at a time, in `units.bg`. */
const GlucoseAtTimeSchema = z
  .object({ time: DateTimeSchema.optional(), value: z.number() })
  .strict()
  .describe('A glucose value in `units.bg`, at a time.');

/** A bolus as an app recommended it or a person asked for it: an `amount`, or `normal` and/or `extended` over `duration`. */
export const DecisionBolusSchema = z
  .object({
    amount: z.number().min(0).max(100).optional().describe('Units, when the bolus is not split.'),
    normal: z.number().min(0).max(100).optional().describe('Units given at once.'),
    extended: z.number().min(0).max(100).optional().describe('Units given over `duration`.'),
    duration: upToADay.optional().describe('Milliseconds the extended part takes, with `extended` only.'),
  })
  .strict();

/** Something the app warned of or failed at: its own code, and what it added about it. */
const DecisionIssueSchema = z
  .object({
    id: z.string().min(1).max(100).describe('The app’s code for it, such as `glucoseTooOld`.'),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const issues = (what: string) =>
  z
    .array(DecisionIssueSchema)
    .min(1)
    .max(100)
    .optional()
    .describe(`${what} (identifying: encrypted per patient, since their metadata is the app’s free form).`);

/** The food a decision was made for, as entered (`originalFood`) or as edited (`food`). */
const DecisionFoodSchema = z.object({ time: DateTimeSchema.optional(), nutrition: NutritionSchema }).strict();

export const DosingDecisionObjectSchema = z
  .object({
    type: z.literal('dosingDecision'),
    ...baseDatumShape,
    reason: z
      .string()
      .min(1)
      .max(100)
      .describe('Why the app decided: its own word, such as `loop`, `normalBolus` or `simpleBolus`.'),
    originalFood: DecisionFoodSchema.optional(),
    food: DecisionFoodSchema.optional(),
    smbg: GlucoseAtTimeSchema.optional().describe('A fingerstick reading the decision used.'),
    carbsOnBoard: z
      .object({ time: DateTimeSchema.optional(), amount: z.number().min(0).max(1000).describe('Grams.') })
      .strict()
      .optional(),
    insulinOnBoard: z
      .object({ time: DateTimeSchema.optional(), amount: z.number().min(-1000).max(1000).describe('Units.') })
      .strict()
      .optional(),
    bgTargetSchedule: z.array(GlucoseTargetSegmentSchema).min(1).max(48).optional(),
    bgHistorical: z.array(GlucoseAtTimeSchema).min(1).max(READINGS_MAXIMUM).optional(),
    bgForecast: z
      .array(GlucoseAtTimeSchema)
      .min(1)
      .max(READINGS_MAXIMUM)
      .optional()
      .describe('Predicted glucose; a forecast may leave the range a reading has.'),
    recommendedBasal: z
      .object({
        rate: z.number().min(0).max(100).describe('Units per hour.'),
        duration: upToADay.optional().describe('Milliseconds.'),
      })
      .strict()
      .optional(),
    recommendedBolus: DecisionBolusSchema.optional(),
    requestedBolus: DecisionBolusSchema.optional(),
    warnings: issues('What the app warned of'),
    errors: issues('What kept the app from deciding as usual'),
    scheduleTimeZoneOffset: ScheduleTimeZoneOffsetSchema.optional(),
    units: z
      .object({
        bg: GlucoseUnitsSchema,
        carb: z.enum(['grams', 'exchanges']),
        insulin: z.literal('Units').optional(),
      })
      .strict(),
  })
  .strict()
  .describe('An automated insulin delivery app’s dosing decision.');
