/** The fields every datum of the Tidepool device-data model carries, whatever its type. */
import { z } from 'zod';
import { UploadIdSchema } from '../common/ids.js';
import { DateTimeSchema, LocalDateTimeSchema } from '../common/time.js';

/** A free-form note from the device or the uploader about a datum, with a machine-readable `code`. */
export const AnnotationSchema = z
  .object({ code: z.string().min(1).max(256) })
  .passthrough()
  .describe('An annotation: a `code` and any further fields.');

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
};

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
