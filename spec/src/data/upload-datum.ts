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
    deviceManufacturers: z.array(z.string().min(1).max(128)).min(1).max(10),
    deviceModel: z.string().min(1).max(128),
    deviceSerialNumber: z.string().max(128).optional(),
    deviceTags: z.array(z.enum(DEVICE_TAGS)).min(1).max(3),
    timezone: TimeZoneNameSchema,
    computerTime: LocalDateTimeSchema.describe('The uploading computer’s local clock.'),
    version: z.string().min(1).max(64).describe('The uploader’s version.'),
    client: z
      .object({ name: z.string().min(1).max(128), version: z.string().min(1).max(64) })
      .strict()
      .optional(),
    dataSetType: z
      .enum(['normal', 'continuous'])
      .optional()
      .describe('`continuous` for a stream of uploads.'),
    timeProcessing: z.enum(['utc-bootstrapping', 'across-the-board-timezone', 'none']).optional(),
  })
  .strict()
  .describe('An upload record.');
