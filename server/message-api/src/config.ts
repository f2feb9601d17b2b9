/** The configuration of message-api: one zod schema over the environment, checked once at start (DESIGN.md §4, §6). */
import { z } from 'zod';
import { databaseConfigShape, parseSaltRing, SaltRingError, serviceConfigSchema } from '@tidepool/kit';
import { platformConfigShape } from '@tidepool/service-runtime';

const SALT_VARIABLE = 'MESSAGE_SALT_DEPLOY';

/**
 * The deploy salt of the messages system, parsed into its ring of versions. Required: without
 * it nothing could be found or opened again (shio generates one for `npm start`). Problems are
 * reported by SaltRingError's message, which never quotes the value.
 */
const saltRingSchema = z.string({ required_error: 'is required' }).transform((value, context) => {
  try {
    return parseSaltRing(SALT_VARIABLE, value);
  } catch (error) {
    if (!(error instanceof SaltRingError)) throw error;
    context.addIssue({
      code: z.ZodIssueCode.custom,
      message: error.message.replace(`${SALT_VARIABLE} `, ''),
    });
    return z.NEVER;
  }
});

/** The configuration schema: the kit's variables, the database, discovery, and the deploy salt. */
export const ConfigSchema = serviceConfigSchema({
  ...databaseConfigShape('message-api'),
  ...platformConfigShape,
  /** `<secret>` or `v2:<secret>,v1:<secret>` (see the kit's crypto README on rotation). */
  MESSAGE_SALT_DEPLOY: saltRingSchema,
});

export type Config = z.output<typeof ConfigSchema>;
