/** The account of a user as user-api serves it, and the bodies that create, change and delete it (DESIGN.md §5). */
import { z } from 'zod';
import { EmailSchema, UserIdSchema } from '../common/ids.js';
import { DateTimeSchema } from '../common/time.js';

/**
 * A unique user name. Tidepool clients often send an email address here, so it may be one;
 * servers compare it case-insensitively.
 */
export const UsernameSchema = z
  .string()
  // No spaces and no control characters (C0, DEL, C1): PostgreSQL cannot store NUL in text.
  .regex(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point.
    /^[^\s\u0000-\u001f\u007f-\u009f]{1,254}$/,
    'A username is 1 to 254 characters without spaces or control characters.',
  )
  .describe('A unique name to log in with; may be an email address.');

/** A password as sent on signup or change. How strong it must be is the server's policy. */
export const PasswordSchema = z
  .string()
  .min(8, 'A password has at least 8 characters.')
  .max(1024, 'A password has at most 1024 characters.')
  .describe('8 to 1024 characters; the server may refuse weak passwords.');

/** The email addresses of an account: one to ten, each unique across all accounts. */
export const EmailListSchema = z.array(EmailSchema).min(1).max(10);

/** A user account. Nothing but login fields: names and patient details live in metadata. */
export const UserSchema = z
  .object({
    userid: UserIdSchema,
    username: UsernameSchema.optional(),
    emails: z.array(EmailSchema),
    emailVerified: z.boolean().describe('Whether an email address of the account has been verified.'),
    createdTime: DateTimeSchema,
  })
  .describe('A user account.');
export type User = z.infer<typeof UserSchema>;

/** `POST /auth/user`. */
export const SignupBodySchema = z
  .object({
    username: UsernameSchema.optional(),
    emails: EmailListSchema,
    password: PasswordSchema,
  })
  .strict()
  .describe('A new account.');
export type SignupBody = z.infer<typeof SignupBodySchema>;

/** The fields of `PUT /auth/user` that change; absent fields stay as they are. */
export const UserUpdatesSchema = z
  .object({
    username: UsernameSchema.optional(),
    emails: EmailListSchema.optional().describe('Replaces the list; needs `currentPassword`.'),
    password: PasswordSchema.optional().describe('The new password; needs `currentPassword`.'),
    currentPassword: z
      .string()
      .max(1024)
      .optional()
      .describe('Required to change `emails` or `password` of a user; a server may omit it.'),
  })
  .strict();
export type UserUpdates = z.infer<typeof UserUpdatesSchema>;

/** `PUT /auth/user[/:userid]`, in the Tidepool envelope `{updates: {…}}`. */
export const UpdateUserBodySchema = z
  .object({ updates: UserUpdatesSchema })
  .strict()
  .describe('The changes to an account.');
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>;

/** `DELETE /auth/user[/:userid]`. */
export const DeleteUserBodySchema = z
  .object({
    password: z
      .string()
      .max(1024)
      .optional()
      .describe('The account password: required when a user deletes an account; a server may omit it.'),
  })
  .strict()
  .describe('Confirms the deletion of an account.');
export type DeleteUserBody = z.infer<typeof DeleteUserBodySchema>;
