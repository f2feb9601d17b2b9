/** `GET /metadata/users/:userid/users`: the people a user shares with, both ways. */
import { z } from 'zod';
import { UserIdSchema } from '../common/ids.js';
import { PermissionsSchema } from '../common/permissions.js';
import { PatientProfileSchema } from './profile.js';

/** One person linked to the user by sharing, with the public part of their profile. */
export const SharedUserSchema = z
  .object({
    userid: UserIdSchema,
    profile: z
      .object({ fullName: z.string(), patient: PatientProfileSchema.optional() })
      .optional()
      .describe('The name, and patient details when the user may view their data.'),
    trustorPermissions: PermissionsSchema.optional().describe(
      'What the user may do with this person’s data (this person shares with the user).',
    ),
    trusteePermissions: PermissionsSchema.optional().describe(
      'What this person may do with the user’s data (the user shares with them).',
    ),
  })
  .describe('A user linked by sharing.');
export type SharedUser = z.infer<typeof SharedUserSchema>;
