/** `upload`: the record of one upload, naming the device and the uploader; readings refer to it by `uploadId`. */
import { z } from 'zod';
import { LocalDateTimeSchema, TimeZoneNameSchema } from '../common/time.js';
import { baseDatumShape } from './base-datum.js';

export const DEVICE_TAGS = ['bgm', 'cgm', 'insulin-pump'] as const;

/** The upload record (identifying: encrypted with the patient's own key, DESIGN.md §6). */
export const UploadObjectSchema = z
  .object({
    type: z.literal('upload'),
    ...baseDatumShape,
    deviceManufacturers: z
      .array(z.string().min(1).max(128))
      .min(1)
      .max(10)
      .optional()
      .describe('Who made the device; an uploader of a device file sends it.'),
    deviceModel: z.string().min(1).max(128).optional(),
    deviceSerialNumber: z.string().max(128).optional(),
    deviceTags: z.array(z.enum(DEVICE_TAGS)).min(1).max(3).optional(),
    timezone: TimeZoneNameSchema.optional(),
    computerTime: LocalDateTimeSchema.optional().describe('The uploading computer’s local clock.'),
    version: z.string().min(1).max(64).optional().describe('The uploader’s version.'),
    client: z
      .object({
        name: z.string().min(1).max(128),
        version: z.string().min(1).max(64),
        private: z.record(z.string(), z.unknown()).optional().describe('What the client keeps for itself.'),
      })
      .strict()
      .optional(),
    dataSetType: z
      .enum(['normal', 'continuous'])
      .optional()
      .describe('`continuous` for a stream of uploads, as a phone app such as Loop makes.'),
    deduplicator: z
      .object({ name: z.string().min(1).max(128), version: z.string().min(1).max(64).optional() })
      .strict()
      .optional()
      .describe('How Tidepool told its copies apart; kept as it came.'),
    timeProcessing: z.enum(['utc-bootstrapping', 'across-the-board-timezone', 'none']).optional(),
  })
  .strict()
  .describe(
    'An upload record: a device file’s device and uploader, or a phone app’s continuous stream (fields optional as Tidepool’s platform has them).',
  );
