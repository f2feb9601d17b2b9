/** Erasing a deleted user's messages, for user-api's erasure saga (DESIGN.md §6 "deleting a user"). */
import { isProblemError, storageNames } from '@tidepool/kit';
import type { HandlerContext, MessageApiHandlers } from './handler-types.js';

type EraseHandlers = Pick<MessageApiHandlers, 'eraseUser'>;

export function createEraseHandlers(context: HandlerContext): EraseHandlers {
  return {
    // Only the messages about the user as a patient can be found: they sit under the user's
    // `messages` pair. Notes the user wrote on other patients' data stay with those patients,
    // under their keys; once the user's profile is gone they show no author name (README).
    eraseUser: async ({ params, req }) => {
      let names: readonly string[];
      try {
        const pair = await context.pairs.pairOf(params.userid, 'messages');
        names = storageNames(context.ring, pair.id).map((versioned) => versioned.name);
      } catch (error) {
        // No account, no pair: nothing of this user can be found any more, which is what erasure wants.
        if (isProblemError(error) && error.status === 404) return { status: 204, body: undefined };
        throw error;
      }
      const erased = await context.store.erase(names);
      req.log.info({ erased }, 'messages of an erased user deleted');
      return { status: 204, body: undefined };
    },
  };
}
