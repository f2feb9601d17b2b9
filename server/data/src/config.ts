/** The configuration of data: one zod schema over the environment, checked once at start (DESIGN.md §4, §6). */
import { z } from 'zod';
import { databaseConfigShape, parseSaltRing, SaltRingError, serviceConfigSchema } from '@tidepool/kit';
import { platformConfigShape } from '@tidepool/service-runtime';

/**
 * `DATA_SALT_DEPLOY` parsed into its versions (see the kit's crypto README). The message of a
 * bad value names the problem, never the value.
 */
export const DataSaltSchema = z.string({ required_error: 'is required' }).transform((value, context) => {
  try {
    return parseSaltRing('DATA_SALT_DEPLOY', value);
  } catch (error) {
    if (!(error instanceof SaltRingError)) throw error;
    context.addIssue({
      code: z.ZodIssueCode.custom,
      message: error.message.replace(/^DATA_SALT_DEPLOY /, ''),
    });
    return z.NEVER;
  }
});

/** The configuration schema of data. */
export const ConfigSchema = serviceConfigSchema({
  ...databaseConfigShape('data'),
  ...platformConfigShape,
  /** The data system's deploy salt: storage names, the aggregate key and the per-user keys derive from it. */
  DATA_SALT_DEPLOY: DataSaltSchema,
  /**
   * Uploads carry up to 10000 data in one body (`MAXIMUM_DATA_PER_REQUEST`): a year-long pump
   * export with settings and annotations runs to several megabytes.
   */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 1mb, 512kb or 65536')
    .default('32mb'),
  /** Rows read from the database per page while streaming a query (memory stays bounded by it). */
  QUERY_PAGE_SIZE: z.coerce.number().int().min(100).max(50_000).default(5000),
});

export type Config = z.output<typeof ConfigSchema>;
