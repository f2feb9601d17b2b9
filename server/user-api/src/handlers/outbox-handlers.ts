/** The internal outbox routes: servers queue mail for users, and tests and operators read what was sent. */
import type { AppContext } from '../app-context.js';
import type { UserApiHandlers } from './handler-types.js';

type OutboxHandlers = Pick<UserApiHandlers, 'readOutbox' | 'sendMail'>;

/** Default number of mails `GET /outbox` answers. */
const DEFAULT_LIMIT = 100;

/** The handlers of the outbox (servers only: the auth middleware refuses user tokens). */
export function createOutboxHandlers(context: AppContext): OutboxHandlers {
  return {
    readOutbox: async ({ query }) => {
      const messages = await context.transport.readSent({
        ...(query.to === undefined ? {} : { to: query.to }),
        limit: query.limit ?? DEFAULT_LIMIT,
      });
      return { status: 200, body: { messages } };
    },

    sendMail: async ({ body }) => {
      await context.outbox.queue(body);
      return { status: 202, body: undefined };
    },
  };
}
