/** Every handler of message-api's contract, from the shared context. */
import { createEraseHandlers } from './erase-handlers.js';
import type { HandlerContext, MessageApiHandlers } from './handler-types.js';
import { createMessageAccess } from './message-access.js';
import { createReadHandlers } from './read-handlers.js';
import { createWriteHandlers } from './write-handlers.js';

/** The contract's handlers (the kit adds `getStatus` and `getMetrics`). */
export function createHandlers(context: HandlerContext): MessageApiHandlers {
  const access = createMessageAccess(context);
  return {
    ...createWriteHandlers(context, access),
    ...createReadHandlers(context, access),
    ...createEraseHandlers(context),
  };
}
