/** user-api routes that send mail: password reset, email verification, and the outbox other services write to. */
import { initContract } from '@ts-rest/core';
import { problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import {
  EmailVerificationConfirmationSchema,
  PasswordResetConfirmationSchema,
  PasswordResetRequestSchema,
} from './email-token.js';
import { OutboxQuerySchema, OutboxSchema, SendMailBodySchema } from './outbox.js';
import { expiredEmailToken, rateLimited } from './problems.js';
import { UserSchema } from './user.js';

const c = initContract();

/** The mail routes of user-api. */
export const emailRoutes = c.router({
  requestPasswordReset: {
    method: 'POST',
    path: '/password/reset',
    summary: 'Ask for a password reset email',
    description:
      'Mails a one-time reset link when an account has this address. The answer is the same ' +
      'whether or not it does, so that nobody can probe for accounts.',
    body: PasswordResetRequestSchema,
    responses: { 202: c.noBody(), ...problemResponses(400), 429: rateLimited },
    metadata: publicRoute('none', { examples: { body: { email: 'jane@example.com' } } }),
  },
  confirmPasswordReset: {
    method: 'POST',
    path: '/password/reset/confirm',
    summary: 'Set a new password with a reset token',
    description: 'Sets the password and ends every session of the account. The token works once.',
    body: PasswordResetConfirmationSchema,
    responses: { 200: c.noBody(), ...problemResponses(400), 410: expiredEmailToken, 429: rateLimited },
    metadata: publicRoute('none'),
  },
  requestEmailVerification: {
    method: 'POST',
    path: '/email/verify',
    summary: 'Ask for a verification email',
    description: 'Mails a one-time verification link to the addresses of the current account.',
    body: c.noBody(),
    responses: { 202: c.noBody(), ...problemResponses(401, 403), 429: rateLimited },
    metadata: publicRoute('user'),
  },
  confirmEmailVerification: {
    method: 'POST',
    path: '/email/verify/confirm',
    summary: 'Verify an email address with its token',
    description: 'Marks the address as verified. Needs no session: the link may open anywhere.',
    body: EmailVerificationConfirmationSchema,
    responses: {
      200: UserSchema.describe('The account, now verified.'),
      ...problemResponses(400),
      410: expiredEmailToken,
      429: rateLimited,
    },
    metadata: publicRoute('none'),
  },
  readOutbox: {
    method: 'GET',
    path: '/outbox',
    query: OutboxQuerySchema,
    summary: 'Read sent mail',
    description: 'The newest mails first, for tests and for a mail relay that delivers them.',
    responses: { 200: OutboxSchema, ...problemResponses(400, 401, 403) },
    metadata: internalRoute('server'),
  },
  sendMail: {
    method: 'POST',
    path: '/outbox',
    summary: 'Send a mail to a user',
    description: 'Queues a mail; used by access for invitations. Answers before delivery.',
    body: SendMailBodySchema,
    responses: { 202: c.noBody(), ...problemResponses(400, 401, 403) },
    metadata: internalRoute('server'),
  },
});
