/** What uploading data answers, and the uploads of a user as listed afterwards. */
import { z } from 'zod';
import { UploadIdSchema } from '../common/ids.js';
import { DateTimeSchema } from '../common/time.js';
import { DatumSchema, StoredDatumSchema } from './datum.js';

/** The largest array one `POST /data/:userid` accepts. */
export const MAXIMUM_DATA_PER_REQUEST = 10_000;

/**
 * `POST /data/:userid`: one datum, or an array that may carry its `upload` record with the
 * readings.
 */
export const UploadBodySchema = z
  .union([DatumSchema, z.array(DatumSchema).min(1).max(MAXIMUM_DATA_PER_REQUEST)])
  .describe('One datum, or an array of 1 to 10000.');
export type UploadBody = z.infer<typeof UploadBodySchema>;

/** The answer to an upload. */
export const UploadResultSchema = z
  .object({
    stored: z.number().int().nonnegative().describe('Data stored by this request.'),
    duplicates: z
      .number()
      .int()
      .nonnegative()
      .describe('Data already stored (same type, time, device and guid), skipped.'),
    uploadIds: z.array(UploadIdSchema).describe('The uploads the data belong to.'),
  })
  .describe('What the upload stored.');
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** One upload of a user, with the span of its data. */
export const UploadRecordSchema = z
  .object({
    uploadId: UploadIdSchema,
    createdTime: DateTimeSchema.describe('When its first datum was stored.'),
    datumCount: z.number().int().nonnegative(),
    earliestTime: DateTimeSchema.optional().describe('The `time` of its earliest datum.'),
    latestTime: DateTimeSchema.optional().describe('The `time` of its latest datum.'),
    upload: StoredDatumSchema.optional().describe('Its `upload` record, when the uploader sent one.'),
  })
  .describe('An upload.');
export type UploadRecord = z.infer<typeof UploadRecordSchema>;
