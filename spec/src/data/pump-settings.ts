/** `pumpSettings`: an insulin pump's schedules and therapy settings at the time of upload. */
import { z } from 'zod';
import { baseDatumShape, deviceDescriptionShape, ScheduleTimeZoneOffsetSchema } from './base-datum.js';
import { GlucoseTargetSchema } from './wizard.js';
import { GlucoseUnitsSchema } from './glucose.js';
import { InsulinFormulationSchema } from './insulin.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since local midnight when a schedule segment starts. */
const segmentStart = z.number().int().min(0).max(DAY_MS).describe('Milliseconds since local midnight.');

export const BasalScheduleSegmentSchema = z
  .object({ start: segmentStart, rate: z.number().min(0).max(100).describe('Units per hour.') })
  .strict();
export const GlucoseTargetSegmentSchema = GlucoseTargetSchema.extend({ start: segmentStart }).strict();
export const AmountSegmentSchema = z.object({ start: segmentStart, amount: z.number().min(0) }).strict();

const namedSchedules = <T extends z.ZodTypeAny>(segment: T) =>
  z.record(z.string().max(128), z.array(segment).max(48));

/** A pump's limits and options for basal rates: the highest rate, and how a temp rate is set. */
const PumpBasalSettingsSchema = z
  .object({
    rateMaximum: z
      .object({ units: z.literal('Units/hour'), value: z.number().min(0).max(100) })
      .strict()
      .optional()
      .describe('The highest basal rate the pump allows.'),
    temporary: z
      .object({ type: z.enum(['off', 'percent', 'Units/hour']) })
      .strict()
      .optional()
      .describe('How a temp basal is set: as a percent, as a rate, or not at all.'),
  })
  .strict();

/** A pump's limits and options for boluses: the largest one, and whether extended ones are on. */
const PumpBolusSettingsSchema = z
  .object({
    amountMaximum: z
      .object({ units: z.literal('Units'), value: z.number().min(0).max(250) })
      .strict()
      .optional()
      .describe('The largest bolus the pump allows.'),
    extended: z
      .object({ enabled: z.boolean() })
      .strict()
      .optional()
      .describe('Whether extended (square and dual) boluses are on.'),
    calculator: z
      .object({
        enabled: z.boolean(),
        insulin: z
          .object({ duration: z.number().min(0), units: z.enum(['hours', 'minutes', 'seconds']) })
          .strict()
          .optional()
          .describe('How long insulin acts for the calculator; at most 10 hours in any of the units.'),
      })
      .strict()
      .optional()
      .describe('Whether the pump’s bolus calculator is on, and the insulin action it assumes.'),
  })
  .strict();

/** The longest insulin action a bolus calculator may assume, in each unit Tidepool takes. */
export const BOLUS_CALCULATOR_INSULIN_DURATION_MAXIMUM = {
  hours: 10,
  minutes: 600,
  seconds: 36_000,
} as const;

const SECONDS_IN_A_DAY = 24 * 60 * 60;

/** How an app models insulin's action over time (Loop's exponential models): which model, in seconds. */
const InsulinModelSchema = z
  .object({
    modelType: z.enum(['rapidAdult', 'rapidChild', 'fiasp', 'walsh', 'other']).optional(),
    modelTypeOther: z.string().min(1).max(100).optional().describe('Its name, for `modelType: other` only.'),
    actionDelay: z.number().int().min(0).max(SECONDS_IN_A_DAY).optional().describe('Seconds before it acts.'),
    actionDuration: z.number().int().min(0).max(SECONDS_IN_A_DAY).optional().describe('Seconds it acts.'),
    actionPeakOffset: z
      .number()
      .int()
      .min(0)
      .max(SECONDS_IN_A_DAY)
      .optional()
      .describe('Seconds to its peak, at most `actionDuration`.'),
  })
  .strict();

const scaleFactor = (what: string) =>
  z.number().min(0.1).max(10).optional().describe(`What ${what} is multiplied by, 0.1–10.`);

/** A preset a person can turn on to change their settings for a while (“Running”, “Sick day”). */
const OverridePresetSchema = z
  .object({
    abbreviation: z.string().min(1).max(100).optional().describe('A short sign for it, such as an emoji.'),
    duration: z
      .number()
      .int()
      .min(0)
      .max(7 * SECONDS_IN_A_DAY * 1000)
      .optional()
      .describe('How long it lasts once on, in milliseconds.'),
    bgTarget: GlucoseTargetSchema.optional().describe('The target while it is on, in `units.bg`.'),
    basalRateScaleFactor: scaleFactor('the basal rate'),
    carbRatioScaleFactor: scaleFactor('the carb ratio'),
    insulinSensitivityScaleFactor: scaleFactor('the insulin sensitivity'),
  })
  .strict();

/** Pump settings. The singular fields are the active values; plural ones are per named schedule. */
/** Seconds after local midnight, at most a day. */
const secondsOfDay = z.number().int().min(0).max(86_400);

/** A sleep schedule: on which days, from when to when; an enabled one has all three. */
const SleepScheduleSchema = z
  .object({
    enabled: z.boolean(),
    days: z
      .array(z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']))
      .max(7)
      .optional(),
    start: secondsOfDay.optional().describe('Seconds after local midnight.'),
    end: secondsOfDay.optional().describe('Seconds after local midnight.'),
  })
  .strict();

export const PumpSettingsObjectSchema = z
  .object({
    type: z.literal('pumpSettings'),
    ...baseDatumShape,
    activeSchedule: z.string().max(128).describe('The name of the active basal schedule.'),
    automatedDelivery: z.boolean().optional().describe('Whether a closed loop was delivering.'),
    basalSchedule: z
      .array(BasalScheduleSegmentSchema)
      .max(48)
      .optional()
      .describe('The one basal schedule, for a pump that has one; not with `basalSchedules`.'),
    basalSchedules: namedSchedules(BasalScheduleSegmentSchema).optional(),
    bgSafetyLimit: z
      .number()
      .min(0)
      .optional()
      .describe('The glucose below which a closed loop gives no insulin, in `units.bg`.'),
    bgTargetPhysicalActivity: GlucoseTargetSchema.optional().describe('The target during exercise.'),
    bgTargetPreprandial: GlucoseTargetSchema.optional().describe('The target before a meal.'),
    bgTarget: z.array(GlucoseTargetSegmentSchema).max(48).optional(),
    bgTargets: namedSchedules(GlucoseTargetSegmentSchema).optional(),
    carbRatio: z.array(AmountSegmentSchema).max(48).optional().describe('Grams per unit.'),
    carbRatios: namedSchedules(AmountSegmentSchema).optional(),
    insulinSensitivity: z
      .array(AmountSegmentSchema)
      .max(48)
      .optional()
      .describe('Glucose drop per unit, in `units.bg`.'),
    insulinSensitivities: namedSchedules(AmountSegmentSchema).optional(),
    units: z
      .object({
        carb: z.enum(['grams', 'exchanges']),
        bg: GlucoseUnitsSchema,
        insulin: z.literal('Units').optional(),
      })
      .strict(),
    display: z
      .object({ bloodGlucose: z.object({ units: GlucoseUnitsSchema }).strict().optional() })
      .strict()
      .optional()
      .describe('What the device shows glucose in.'),
    insulinFormulation: InsulinFormulationSchema.optional().describe('The insulin in the pump.'),
    insulinModel: InsulinModelSchema.optional(),
    overridePresets: z
      .record(z.string().min(1).max(100), OverridePresetSchema)
      .optional()
      .describe('Presets by the names the person gave them (identifying: encrypted per patient).'),
    scheduleTimeZoneOffset: ScheduleTimeZoneOffsetSchema.optional(),
    sleepSchedules: z
      .array(SleepScheduleSchema)
      .max(10)
      .optional()
      .describe('When the person sleeps, for a pump that acts on it.'),
    basal: PumpBasalSettingsSchema.optional(),
    bolus: PumpBolusSettingsSchema.optional(),
    boluses: z
      .record(z.string().max(128), PumpBolusSettingsSchema)
      .optional()
      .describe('Bolus settings by name, for a pump that has several; not with `bolus`.'),
    ...deviceDescriptionShape,
  })
  .strict()
  .describe('Insulin pump settings.');
