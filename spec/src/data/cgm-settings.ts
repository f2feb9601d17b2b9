/** `cgmSettings`: a continuous glucose monitor's alert settings. */
import { z } from 'zod';
import { baseDatumShape, deviceDescriptionShape, DurationMsSchema } from './base-datum.js';
import { GlucoseUnitsSchema } from './glucose.js';

/** A glucose alert: on or off, the level in the datum's units, and how long it stays quiet after firing. */
export const GlucoseAlertSchema = z
  .object({ enabled: z.boolean(), level: z.number().min(0).optional(), snooze: DurationMsSchema.optional() })
  .strict();

export const CgmSettingsObjectSchema = z
  .object({
    type: z.literal('cgmSettings'),
    ...baseDatumShape,
    transmitterId: z.string().max(64).optional().describe('Identifying: encrypted per patient.'),
    ...deviceDescriptionShape,
    units: GlucoseUnitsSchema,
    displayUnits: GlucoseUnitsSchema.optional(),
    lowAlerts: GlucoseAlertSchema.optional(),
    highAlerts: GlucoseAlertSchema.optional(),
    outOfRangeAlerts: z
      .object({ enabled: z.boolean(), snooze: DurationMsSchema.optional() })
      .strict()
      .optional(),
    rateOfChangeAlerts: z
      .object({
        fallRate: z.object({ enabled: z.boolean(), rate: z.number() }).strict().optional(),
        riseRate: z.object({ enabled: z.boolean(), rate: z.number() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .describe('CGM settings.');
