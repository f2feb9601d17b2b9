/** The problems several user-api routes answer, described once. */
import { z } from 'zod';
import { UserIdSchema } from '../common/ids.js';
import { problem } from '../common/problem-responses.js';

export const userParams = z.object({ userid: UserIdSchema });
export const rateLimited = problem(
  'Too many attempts for this identifier or address: wait for `Retry-After`.',
);
export const credentialsTaken = problem(
  'The username or one of the email addresses belongs to another account.',
);
export const noSuchUser = problem('No account has this user id.');
export const wrongPassword = problem('`currentPassword` (or `password`) is missing or wrong.');
export const expiredEmailToken = problem('The token is unknown, already used or expired.');
