/** The configuration of metadata: one zod schema over the environment, checked once at start (DESIGN.md §4, §6). */
import { z } from 'zod';
import { databaseConfigShape, parseSaltRing, SaltRingError, serviceConfigSchema } from '@tidepool/kit';
import { platformConfigShape } from '@tidepool/service-runtime';

const SALT_VARIABLE = 'METADATA_SALT_DEPLOY';

/**
 * `METADATA_SALT_DEPLOY` as a salt ring (`<secret>` or `v2:<secret>,v1:<secret>`). Required in
 * every environment: in the local embedded mode shio generates it into `DATA_DIR/secrets.json`,
 * so a missing salt is always a mistake, and a made-up one would hide every document.
 */
const SaltRingSchema = z
  .string({ required_error: 'is required: the deploy salt of the metadata documents (DESIGN.md §6)' })
  .transform((value, context) => {
    try {
      return parseSaltRing(SALT_VARIABLE, value);
    } catch (error) {
      if (!(error instanceof SaltRingError)) throw error;
      // The message names the variable first; ConfigError names it already.
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: error.message.replace(`${SALT_VARIABLE} `, ''),
      });
      return z.NEVER;
    }
  });

export const ConfigSchema = serviceConfigSchema({
  ...databaseConfigShape('metadata'),
  ...platformConfigShape,
  METADATA_SALT_DEPLOY: SaltRingSchema,
});

export type Config = z.output<typeof ConfigSchema>;
