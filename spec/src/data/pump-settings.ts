/** `pumpSettings`: an insulin pump's schedules and therapy settings at the time of upload. */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';
import { GlucoseTargetSchema } from './wizard.js';
import { GlucoseUnitsSchema } from './glucose.js';

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
  })
  .strict();

/** Pump settings. The singular fields are the active values; plural ones are per named schedule. */
export const PumpSettingsObjectSchema = z
  .object({
    type: z.literal('pumpSettings'),
    ...baseDatumShape,
    activeSchedule: z.string().max(128).describe('The name of the active basal schedule.'),
    basalSchedules: namedSchedules(BasalScheduleSegmentSchema),
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
    units: z.object({ carb: z.enum(['grams', 'exchanges']), bg: GlucoseUnitsSchema }).strict(),
    basal: PumpBasalSettingsSchema.optional(),
    bolus: PumpBolusSettingsSchema.optional(),
    manufacturers: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(10)
      .refine((names) => new Set(names).size === names.length, 'Each manufacturer appears once.')
      .optional(),
    model: z.string().min(1).max(100).optional(),
    serialNumber: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('The pump’s serial number (identifying: encrypted per patient).'),
  })
  .strict()
  .describe('Insulin pump settings.');
