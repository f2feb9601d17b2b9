/** The configuration of access: one zod schema over the environment, checked once at start (DESIGN.md §4, §6). */
import { z } from 'zod';
import { databaseConfigShape, parseSaltRing, SaltRingError, serviceConfigSchema } from '@tidepool/kit';
import { platformConfigShape } from '@tidepool/service-runtime';

/**
 * ACCESS_SALT_DEPLOY parsed into its ring of versions. Required: without it nothing in the
 * permissions database can be found or opened. The problem names the variable, never its value.
 */
const saltRingSchema = z.string({ required_error: 'is required' }).transform((value, context) => {
  try {
    return parseSaltRing('ACCESS_SALT_DEPLOY', value);
  } catch (error) {
    if (!(error instanceof SaltRingError)) throw error;
    context.addIssue({ code: z.ZodIssueCode.custom, message: error.message });
    return z.NEVER;
  }
});

const shape = {
  ...databaseConfigShape('access'),
  ...platformConfigShape,
  /** The deploy salt of the permissions database: `<secret>` or `v2:<secret>,v1:<secret>` (DESIGN.md §6). */
  ACCESS_SALT_DEPLOY: saltRingSchema,
  /** The public address of the platform (styx), named in invitation mails. */
  PUBLIC_URL: z.string().url().default('http://localhost:8009'),
  /** How long an invitation can be accepted. */
  INVITATION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Invitations a group may send per hour: each one mails an address the sender chose. */
  INVITATIONS_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** user-api's base URL when there are no hakken coordinators (a process started by hand). */
  USER_API_URL: z.string().url().optional(),
  /** metadata's base URL when there are no hakken coordinators (sharers' names in invitations). */
  METADATA_URL: z.string().url().optional(),
};

export const ConfigSchema = serviceConfigSchema(shape);

export type Config = z.output<typeof ConfigSchema>;
