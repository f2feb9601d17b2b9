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
  })
  .strict()
  .describe('Insulin pump settings.');
