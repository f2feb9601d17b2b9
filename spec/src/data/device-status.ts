/**
 * What an automated insulin delivery app reports of its devices: the phone's battery
 * (`controllerStatus`) and its settings (`controllerSettings`: which phone, how it may notify),
 * and the pump's battery, reservoir and what it is delivering (`pumpStatus`). As Tidepool's
 * platform takes them.
 */
import { z } from 'zod';
import { DateTimeSchema } from '../common/time.js';
import { baseDatumShape, deviceDescriptionShape } from './base-datum.js';

/** A battery: its state, what remains of it (a fraction, 0–1, in `percent` as Tidepool names it), or both. */
export const DeviceBatterySchema = z
  .object({
    time: DateTimeSchema.optional(),
    state: z.enum(['charging', 'full', 'unplugged']).optional(),
    remaining: z.number().min(0).max(1).optional().describe('What remains, 0–1.'),
    units: z.literal('percent').optional().describe('With `remaining` only.'),
  })
  .strict();

export const ControllerStatusObjectSchema = z
  .object({
    type: z.literal('controllerStatus'),
    ...baseDatumShape,
    battery: DeviceBatterySchema,
  })
  .strict()
  .describe('The state of the phone or controller that runs a dosing app.');

/** The states of a pump's basal delivery; a temporary one has its `dose`. */
export const BASAL_DELIVERY_STATES = [
  'scheduled',
  'suspending',
  'suspended',
  'resuming',
  'initiatingTemporary',
  'temporary',
  'cancelingTemporary',
] as const;

const PumpBasalDeliverySchema = z
  .object({
    state: z.enum(BASAL_DELIVERY_STATES),
    time: DateTimeSchema.optional().describe('Since when, for a scheduled or suspended delivery only.'),
    dose: z
      .object({
        startTime: DateTimeSchema.optional(),
        endTime: DateTimeSchema.optional(),
        rate: z.number().min(0).max(100).describe('Units per hour.'),
        amountDelivered: z.number().min(0).max(1000).optional().describe('Units.'),
      })
      .strict()
      .optional()
      .describe('The temporary rate, for a temporary delivery only.'),
  })
  .strict();

const PumpBolusDeliverySchema = z
  .object({
    state: z.enum(['none', 'initiating', 'delivering', 'canceling']),
    dose: z
      .object({
        startTime: DateTimeSchema.optional(),
        amount: z.number().min(0).max(1000).describe('Units.'),
        amountDelivered: z.number().min(0).max(1000).optional().describe('Units.'),
      })
      .strict()
      .optional()
      .describe('The bolus being delivered, while delivering only.'),
  })
  .strict();

const deviceText = (maximum: number) => z.string().min(1).max(maximum).optional();

/** The pump a dosing app drives (identifying: encrypted per patient, like every `device`). */
const PumpDeviceSchema = z
  .object({
    id: deviceText(1000).describe('The pump’s own identifier.'),
    name: deviceText(1000),
    manufacturer: deviceText(1000),
    model: deviceText(1000),
    firmwareVersion: deviceText(100),
    hardwareVersion: deviceText(100),
    softwareVersion: deviceText(100),
  })
  .strict()
  .describe('The pump a dosing app drives (identifying: encrypted per patient, like every `device`).');

export const PumpStatusObjectSchema = z
  .object({
    type: z.literal('pumpStatus'),
    ...baseDatumShape,
    basalDelivery: PumpBasalDeliverySchema.optional(),
    battery: DeviceBatterySchema.optional(),
    bolusDelivery: PumpBolusDeliverySchema.optional(),
    deliveryIndeterminant: z
      .boolean()
      .optional()
      .describe('Whether the app could not tell what the pump delivered.'),
    device: PumpDeviceSchema.optional(),
    reservoir: z
      .object({
        time: DateTimeSchema.optional(),
        remaining: z.number().min(0).max(10_000),
        units: z.literal('Units'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .describe('The state of a pump as a dosing app saw it.');

/** What the phone lets the app do to get a person's attention (iOS's notification settings). */
const NotificationSettingsSchema = z
  .object({
    authorization: z.enum(['authorized', 'denied', 'ephemeral', 'notDetermined', 'provisional']).optional(),
    alert: z.boolean().optional(),
    criticalAlert: z.boolean().optional(),
    timeSensitive: z.boolean().optional(),
    badge: z.boolean().optional(),
    sound: z.boolean().optional(),
    announcement: z.boolean().optional(),
    notificationCenter: z.boolean().optional(),
    lockScreen: z.boolean().optional(),
    scheduledDelivery: z.boolean().optional(),
    alertStyle: z.enum(['alert', 'banner', 'none']).optional(),
  })
  .strict();

export const ControllerSettingsObjectSchema = z
  .object({
    type: z.literal('controllerSettings'),
    ...baseDatumShape,
    device: z
      .object(deviceDescriptionShape)
      .strict()
      .optional()
      .describe('The phone or controller (identifying: encrypted per patient).'),
    notifications: NotificationSettingsSchema.optional(),
  })
  .strict()
  .describe('The settings of the phone or controller that runs a dosing app.');
