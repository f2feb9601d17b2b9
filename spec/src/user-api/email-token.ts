/** Flows that mail a one-time token to the user: password reset and email verification. */
import { z } from 'zod';
import { EmailSchema } from '../common/ids.js';
import { PasswordSchema } from './user.js';

/** A one-time token from an email; single use and short-lived. */
export const EmailTokenSchema = z.string().min(16).max(512).describe('The one-time token from the email.');

/** `POST /auth/password/reset`. */
export const PasswordResetRequestSchema = z
  .object({ email: EmailSchema })
  .strict()
  .describe('The address to send a reset link to.');
export type PasswordResetRequest = z.infer<typeof PasswordResetRequestSchema>;

/** `POST /auth/password/reset/confirm`. */
export const PasswordResetConfirmationSchema = z
  .object({ token: EmailTokenSchema, password: PasswordSchema })
  .strict()
  .describe('The token from the email and the new password.');
export type PasswordResetConfirmation = z.infer<typeof PasswordResetConfirmationSchema>;

/** `POST /auth/email/verify/confirm`. */
export const EmailVerificationConfirmationSchema = z
  .object({ token: EmailTokenSchema })
  .strict()
  .describe('The token from the verification email.');
export type EmailVerificationConfirmation = z.infer<typeof EmailVerificationConfirmationSchema>;
