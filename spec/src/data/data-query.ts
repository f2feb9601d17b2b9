/** The query of `GET /data/:userid`: which data, in which time range (DESIGN.md §9). */
import { z } from 'zod';
import { DateTimeSchema } from '../common/time.js';
import { UploadIdSchema } from '../common/ids.js';
import { DATUM_TYPES } from './datum.js';

const knownTypes: ReadonlySet<string> = new Set(DATUM_TYPES);

/** A query-string boolean: `true`/`false` on the wire, a boolean in code. */
export const QueryBooleanSchema = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((value) => value === true || value === 'true');

/** Filters of a data query; all optional, combined with AND. */
export const DataQuerySchema = z
  .object({
    type: z
      .string()
      .refine(
        (value) => value.split(',').every((type) => knownTypes.has(type)),
        `Expected datum types separated by commas, out of ${DATUM_TYPES.join(', ')}.`,
      )
      .optional()
      .describe('Comma-separated datum types, for example `cbg,smbg`.'),
    subType: z.string().max(64).optional().describe('Comma-separated subtypes, for example `normal`.'),
    startDate: DateTimeSchema.optional().describe('Only data with `time` at or after this.'),
    endDate: DateTimeSchema.optional().describe('Only data with `time` at or before this.'),
    latest: QueryBooleanSchema.optional().describe('Only the latest datum of each type.'),
    deviceId: z.string().min(1).max(256).optional(),
    uploadId: UploadIdSchema.optional(),
  })
  .describe('Unknown query parameters are ignored.');
export type DataQuery = z.infer<typeof DataQuerySchema>;
