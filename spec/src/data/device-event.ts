/** `deviceEvent`: things a device reports that are not readings or doses (alarms, site changes, suspends). */
import { z } from 'zod';
import { baseDatumShape, DurationMsSchema } from './base-datum.js';
import { GlucoseUnitsSchema } from './glucose.js';

export const DEVICE_EVENT_SUBTYPES = [
  'alarm',
  'calibration',
  'reservoirChange',
  'prime',
  'status',
  'timeChange',
  'pumpSettingsOverride',
] as const;

/** A device event; which optional fields appear depends on `subType`. */
export const DeviceEventObjectSchema = z
  .object({
    type: z.literal('deviceEvent'),
    ...baseDatumShape,
    subType: z.enum(DEVICE_EVENT_SUBTYPES),
    alarmType: z.string().max(64).optional().describe('`alarm`: for example `low_insulin`, `occlusion`.'),
    units: GlucoseUnitsSchema.optional().describe('`calibration`: the units of `value`.'),
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
      .describe('`timeChange`: the device clock before and after.'),
    overrideType: z.string().max(64).optional().describe('`pumpSettingsOverride`: for example `exercise`.'),
  })
  .strict()
  .describe('A device event.');
