/** Reading threads, notes, every message of a time window, and one message (DESIGN.md §9). */
import type { IncomingMessage } from 'node:http';
import type { MessageRangeQuery } from '@tidepool/spec';
import type { MessageWindow } from '../store/message-store.js';
import { FieldChecks } from './input-checks.js';
import { noSuchMessage, type MessageAccess } from './message-access.js';
import { viewMessages } from './message-view.js';
import type { HandlerContext, MessageApiHandlers } from './handler-types.js';

type ReadHandlers = Pick<MessageApiHandlers, 'getThread' | 'getNotes' | 'getAllMessages' | 'readMessage'>;

/** Tidepool answers "no messages" as 404 with an empty list, not as a problem. */
function none() {
  return { status: 404 as const, body: { messages: [] } };
}

/** The window of `starttime` and `endtime`, both inclusive; a window that ends before it starts is refused. */
function readWindow(query: MessageRangeQuery, notesOnly: boolean): MessageWindow {
  const checks = new FieldChecks();
  const start =
    query.starttime === undefined ? undefined : checks.instant('query', 'starttime', query.starttime);
  const end = query.endtime === undefined ? undefined : checks.instant('query', 'endtime', query.endtime);
  if (start !== undefined && end !== undefined && start > end) {
    checks.fail('query', 'endtime', 'The window ends before it starts.');
  }
  checks.done();
  return { notesOnly, ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}

export function createReadHandlers(context: HandlerContext, access: MessageAccess): ReadHandlers {
  const { store, profileNames } = context;

  async function list(
    request: IncomingMessage,
    groupid: string,
    query: MessageRangeQuery,
    notesOnly: boolean,
  ) {
    const admitted = await access.toGroup(request, groupid, 'read');
    const window = readWindow(query, notesOnly);
    if (admitted === undefined) return none();
    const stored = await store.list(admitted.vault, window);
    if (stored.length === 0) return none();
    return { status: 200 as const, body: { messages: await viewMessages(stored, groupid, profileNames) } };
  }

  return {
    getThread: async ({ params, req }) => {
      const admitted = await access.toMessage(req, params.msgid, 'read');
      if (admitted === undefined) return none();
      const stored = await store.thread(admitted.vault, admitted.identity.rowKey);
      if (stored.length === 0) return none();
      const messages = await viewMessages(stored, admitted.identity.groupid, profileNames);
      return { status: 200, body: { messages } };
    },

    getNotes: ({ params, query, req }) => list(req, params.groupid, query, true),
    getAllMessages: ({ params, query, req }) => list(req, params.groupid, query, false),

    readMessage: async ({ params, req }) => {
      const admitted = await access.toMessage(req, params.msgid, 'read');
      if (admitted === undefined) throw noSuchMessage();
      const stored = await store.find(admitted.vault, admitted.identity.rowKey);
      if (stored === undefined) throw noSuchMessage();
      const [message] = await viewMessages([stored], admitted.identity.groupid, profileNames);
      if (message === undefined) throw noSuchMessage();
      return { status: 200, body: { message } };
    },
  };
}
