/** `deviceEvent`: things a device reports that are not readings or doses (alarms, site changes, suspends). */
import { z } from 'zod';
import { LocalDateTimeSchema, TimeZoneNameSchema } from '../common/time.js';
import { baseDatumShape, DurationMsSchema } from './base-datum.js';
import { GlucoseUnitsSchema } from './glucose.js';
import { GlucoseTargetSchema } from './wizard.js';

export const DEVICE_EVENT_SUBTYPES = [
  'alarm',
  'calibration',
  'reservoirChange',
  'prime',
  'status',
  'timeChange',
  'pumpSettingsOverride',
] as const;

/** One side of a device's time change: its clock (local time), its time zone, or both. */
const TimeChangeSideSchema = z
  .object({ time: LocalDateTimeSchema.optional(), timeZoneName: TimeZoneNameSchema.optional() })
  .strict();

/** A factor an override multiplies a pump setting by, 0.1–10 as Tidepool bounds it. */
const scaleFactor = (description: string) => z.number().min(0.1).max(10).optional().describe(description);

/** A device event; which optional fields appear depends on `subType` (some rules in `DatumSchema`). */
export const DeviceEventObjectSchema = z
  .object({
    type: z.literal('deviceEvent'),
    ...baseDatumShape,
    subType: z.enum(DEVICE_EVENT_SUBTYPES),
    alarmType: z.string().max(64).optional().describe('`alarm`: for example `low_insulin`, `occlusion`.'),
    units: z
      .union([GlucoseUnitsSchema, z.object({ bg: GlucoseUnitsSchema }).strict()])
      .optional()
      .describe(
        '`calibration`: the units of `value`; `pumpSettingsOverride`: `{ bg }`, the units of `bgTarget`.',
      ),
    value: z.number().min(0).optional().describe('`calibration`: the meter value entered.'),
    primeTarget: z.enum(['cannula', 'tubing']).optional().describe('`prime`: what was primed.'),
    volume: z.number().min(0).max(1000).optional().describe('`prime`: units of insulin used.'),
    status: z.enum(['suspended', 'resumed']).optional().describe('`status`: the pump state.'),
    reason: z
      .record(z.string(), z.string())
      .optional()
      .describe('`status`: why, for example `{suspended: "manual"}`.'),
    duration: DurationMsSchema.optional(),
    expectedDuration: DurationMsSchema.optional(),
    change: z
      .object({ from: z.string(), to: z.string(), agent: z.string().optional() })
      .strict()
      .optional()
      .describe('`timeChange`, as older uploaders sent it: the device clock before and after.'),
    from: TimeChangeSideSchema.optional().describe(
      '`timeChange`: the clock and zone before (identifying: encrypted per patient).',
    ),
    to: TimeChangeSideSchema.optional().describe(
      '`timeChange`: the clock and zone after (identifying: encrypted per patient).',
    ),
    method: z
      .enum(['automatic', 'manual'])
      .optional()
      .describe('`timeChange`: how the clock changed; `pumpSettingsOverride`: how it began.'),
    overrideType: z
      .string()
      .max(64)
      .optional()
      .describe('`pumpSettingsOverride`: `custom`, `physicalActivity`, `preprandial`, `preset`, `sleep`, …'),
    overridePreset: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        '`pumpSettingsOverride` of `overrideType: preset`: the preset’s name (identifying: encrypted per patient).',
      ),
    bgTarget: GlucoseTargetSchema.optional().describe(
      '`pumpSettingsOverride`: the glucose target while it lasts, in `units.bg`.',
    ),
    basalRateScaleFactor: scaleFactor('`pumpSettingsOverride`: basal rates multiplied by this.'),
    carbRatioScaleFactor: scaleFactor('`pumpSettingsOverride`: carb ratios multiplied by this.'),
    insulinSensitivityScaleFactor: scaleFactor('`pumpSettingsOverride`: sensitivities multiplied by this.'),
  })
  .strict()
  .describe('A device event.');
