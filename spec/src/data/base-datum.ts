/** The fields every datum of the Tidepool device-data model carries, whatever its type. */
import { z } from 'zod';
import { UploadIdSchema } from '../common/ids.js';
import { DateTimeSchema, LocalDateTimeSchema, TimeZoneNameSchema } from '../common/time.js';

/** A free-form note from the device or the uploader about a datum, with a machine-readable `code`. */
export const AnnotationSchema = z
  .object({ code: z.string().min(1).max(256) })
  .passthrough()
  .describe('An annotation: a `code` and any further fields.');

/** A link from a datum to something else: another datum, a blob or image by id, or a web address. */
const AssociationSchema = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.enum(['blob', 'datum', 'image']),
        id: z.string().min(1).max(128),
        reason: z.string().min(1).max(1000).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('url'),
        url: z.string().url().max(2048),
        reason: z.string().min(1).max(1000).optional(),
      })
      .strict(),
  ])
  .describe('A blob, datum or image by `id`, or a `url`, with why.');

/** A length as a measure: a value and its units. */
const lengthMeasure = (value: z.ZodNumber) => z.object({ units: z.enum(['feet', 'meters']), value }).strict();

/** An angle in degrees within ±`limit`. */
const degrees = (limit: number) =>
  z.object({ units: z.literal('degrees'), value: z.number().min(-limit).max(limit) }).strict();

/** Where it happened: a position, a place's name, or both (identifying: encrypted per patient). */
const LocationSchema = z
  .object({
    gps: z
      .object({
        latitude: degrees(90),
        longitude: degrees(180),
        elevation: lengthMeasure(z.number()).optional(),
        floor: z.number().int().min(-1000).max(1000).optional(),
        horizontalAccuracy: lengthMeasure(z.number().min(0)).optional(),
        verticalAccuracy: lengthMeasure(z.number().min(0)).optional(),
        origin: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
    name: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((location) => location.gps !== undefined || location.name !== undefined, {
    message: 'A location has `gps`, a `name`, or both.',
  })
  .describe('Where it happened (identifying: encrypted per patient).');

/**
 * The common fields, as a zod shape to spread into each type's object. `time` is the instant
 * (UTC or with its offset); `deviceTime` is what the device's clock showed.
 */
export const baseDatumShape = {
  time: DateTimeSchema.describe('When it happened, ISO 8601 with `Z` or an offset.'),
  deviceId: z
    .string()
    .min(1)
    .max(256)
    .describe('The device that recorded it (identifying: encrypted per patient).'),
  uploadId: UploadIdSchema,
  timezoneOffset: z
    .number()
    .int()
    .min(-1440)
    .max(1440)
    .optional()
    .describe('Minutes from UTC of the local time when it happened.'),
  clockDriftOffset: z.number().int().optional().describe('Milliseconds the device clock drifted.'),
  conversionOffset: z.number().int().optional().describe('Milliseconds applied to convert device time.'),
  deviceTime: LocalDateTimeSchema.optional(),
  annotations: z.array(AnnotationSchema).max(100).optional(),
  notes: z.array(z.string().max(10_000)).max(100).optional(),
  payload: z.record(z.string(), z.unknown()).optional().describe('Device-specific extra data.'),
  origin: z.record(z.string(), z.unknown()).optional().describe('Where the datum came from (app, service).'),
  guid: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('The uploader’s id for the datum, to spot duplicates.'),
  timezone: TimeZoneNameSchema.optional().describe(
    'The IANA time zone it happened in (identifying: encrypted per patient).',
  ),
  tags: z
    .array(z.string().min(1).max(100))
    .min(1)
    .max(100)
    .refine((tags) => new Set(tags).size === tags.length, 'Each tag appears once.')
    .optional()
    .describe('Words the person or the app gave it (identifying: encrypted per patient).'),
  associations: z
    .array(AssociationSchema)
    .min(1)
    .max(100)
    .optional()
    .describe('What it is linked to (identifying: encrypted per patient).'),
  location: LocationSchema.optional(),
  source: z.literal('carelink').optional().describe('`carelink` for data from Medtronic CareLink.'),
};

const deviceText = (description: string) => z.string().min(1).max(100).optional().describe(description);

/** What a device's settings say of the device: its makers, model, name, serial number and versions. */
export const deviceDescriptionShape = {
  manufacturers: z
    .array(z.string().min(1).max(100))
    .min(1)
    .max(10)
    .refine((names) => new Set(names).size === names.length, 'Each manufacturer appears once.')
    .optional(),
  model: deviceText('The device’s model.'),
  name: deviceText('The device’s name (identifying: encrypted per patient).'),
  serialNumber: deviceText('The device’s serial number (identifying: encrypted per patient).'),
  firmwareVersion: deviceText('The device’s firmware version.'),
  hardwareVersion: deviceText('The device’s hardware version.'),
  softwareVersion: deviceText('The device’s software version.'),
};

/** Minutes from UTC of the time zone a device's schedules are in, at most a week either way (Tidepool's bound). */
export const ScheduleTimeZoneOffsetSchema = z
  .number()
  .int()
  .min(-7 * 24 * 60)
  .max(7 * 24 * 60)
  .describe('Minutes from UTC of the time zone the schedules are in.');

/** Insulin units, for doses and rates: a non-negative number, at most `maximum`. */
export function insulinAmount(maximum: number, description: string) {
  return z.number().min(0).max(maximum).describe(description);
}

/** A duration in milliseconds. */
export const DurationMsSchema = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60 * 60 * 1000)
  .describe('Milliseconds, at most one week.');
