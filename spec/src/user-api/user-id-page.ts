/** `GET /internal/users`: one page of account ids, in order, for work that must visit every account (a salt rotation). */
import { z } from 'zod';
import { UserIdSchema } from '../common/ids.js';

/** The most ids one page holds. */
export const MAXIMUM_USER_ID_PAGE = 1000;

/** Which page: the ids after `after`, at most `limit` of them. */
export const UserIdPageQuerySchema = z
  .object({
    after: UserIdSchema.optional().describe(
      'Only ids greater than this one (the `next` of the page before).',
    ),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAXIMUM_USER_ID_PAGE)
      .default(100)
      .describe(`At most this many ids (default 100, at most ${MAXIMUM_USER_ID_PAGE}).`),
  })
  .strict();
export type UserIdPageQuery = z.infer<typeof UserIdPageQuerySchema>;

/** Ids only: nothing else about the accounts leaves user-api this way. */
export const UserIdPageSchema = z
  .object({
    userids: z.array(UserIdSchema).describe('Account ids in ascending order.'),
    next: UserIdSchema.optional().describe('Pass as `after` for the next page; absent on the last page.'),
  })
  .describe('One page of account ids.');
export type UserIdPage = z.infer<typeof UserIdPageSchema>;
