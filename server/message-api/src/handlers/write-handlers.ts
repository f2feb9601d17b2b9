/** Writing notes and replies, and the author's edits and removals (DESIGN.md §9). */
import { randomUUID } from 'node:crypto';
import { forbidden } from '@tidepool/kit';
import type { NewMessageBody } from '@tidepool/spec';
import { FieldChecks } from './input-checks.js';
import { noSuchMessage, type MessageAccess } from './message-access.js';
import { viewMessages } from './message-view.js';
import type { HandlerContext, MessageApiHandlers } from './handler-types.js';

type WriteHandlers = Pick<
  MessageApiHandlers,
  'sendMessage' | 'replyMessage' | 'editMessage' | 'removeMessage'
>;

const ONLY_AUTHOR = 'Only the author may change or remove a message.';

/** The checked fields of a new note or reply; the author and the patient come from the token and the path. */
function readNewMessage(body: NewMessageBody) {
  const checks = new FieldChecks();
  const fields = {
    guid: checks.text('body', 'message.guid', body.message.guid ?? randomUUID()),
    messagetext: checks.text('body', 'message.messagetext', body.message.messagetext),
    timestamp: checks.instant('body', 'message.timestamp', body.message.timestamp),
  };
  checks.done();
  return fields;
}

/** Only users write (servers have no account to write as), so a write always has an author. */
function authorOf(author: string | undefined): string {
  if (author === undefined) throw forbidden('Servers cannot write notes.');
  return author;
}

export function createWriteHandlers(context: HandlerContext, access: MessageAccess): WriteHandlers {
  const { store, ids } = context;

  return {
    sendMessage: async ({ params, body, req }) => {
      const admitted = await access.toGroup(req, params.groupid, 'write');
      // A grant on a patient whose account is gone is no grant.
      if (admitted === undefined) throw forbidden('Writing notes needs a patient with an account.');
      const fields = readNewMessage(body);
      const identity = ids.create(params.groupid);
      await store.insert(admitted.vault, {
        rowKey: identity.rowKey,
        parentRowKey: null,
        timestamp: fields.timestamp,
        createdTime: context.now(),
        content: {
          id: identity.id,
          guid: fields.guid,
          userid: authorOf(admitted.author),
          messagetext: fields.messagetext,
          parentmessage: null,
        },
      });
      req.log.info('note written');
      return { status: 201, body: { id: identity.id } };
    },

    replyMessage: async ({ params, body, req }) => {
      const admitted = await access.toMessage(req, params.msgid, 'write');
      if (admitted === undefined) throw noSuchMessage();
      const parent = await store.find(admitted.vault, admitted.identity.rowKey);
      if (parent === undefined) throw noSuchMessage();
      const fields = readNewMessage(body);
      // Threads are one level deep, as Tidepool clients show them: a reply to a reply joins
      // the thread of its note.
      const note = {
        rowKey: parent.parentRowKey ?? parent.rowKey,
        id: parent.content.parentmessage ?? parent.content.id,
      };
      const identity = ids.create(admitted.identity.groupid);
      await store.insert(admitted.vault, {
        rowKey: identity.rowKey,
        parentRowKey: note.rowKey,
        timestamp: fields.timestamp,
        createdTime: context.now(),
        content: {
          id: identity.id,
          guid: fields.guid,
          userid: authorOf(admitted.author),
          messagetext: fields.messagetext,
          parentmessage: note.id,
        },
      });
      req.log.info('reply written');
      return { status: 201, body: { id: identity.id } };
    },

    editMessage: async ({ params, body, req }) => {
      const admitted = await access.toMessage(req, params.msgid, 'write', ONLY_AUTHOR);
      if (admitted === undefined) throw noSuchMessage();
      const message = await store.find(admitted.vault, admitted.identity.rowKey);
      if (message === undefined) throw noSuchMessage();
      if (message.content.userid !== admitted.author) throw forbidden(ONLY_AUTHOR);
      const checks = new FieldChecks();
      const { messagetext, timestamp } = body.message;
      const change = {
        messagetext:
          messagetext === undefined
            ? message.content.messagetext
            : checks.text('body', 'message.messagetext', messagetext),
        timestamp:
          timestamp === undefined
            ? message.timestamp
            : checks.instant('body', 'message.timestamp', timestamp),
      };
      checks.done();
      const modifiedTime = context.now();
      const content = { ...message.content, messagetext: change.messagetext };
      const changed = await store.change(admitted.vault, message, {
        timestamp: change.timestamp,
        content,
        modifiedTime,
      });
      if (!changed) throw noSuchMessage();
      req.log.info('message edited');
      const [edited] = await viewMessages(
        [{ ...message, timestamp: change.timestamp, modifiedTime, content }],
        admitted.identity.groupid,
        context.profileNames,
      );
      if (edited === undefined) throw noSuchMessage();
      return { status: 200, body: { message: edited } };
    },

    removeMessage: async ({ params, req }) => {
      const admitted = await access.toMessage(req, params.msgid, 'write', ONLY_AUTHOR);
      if (admitted === undefined) throw noSuchMessage();
      const message = await store.find(admitted.vault, admitted.identity.rowKey);
      if (message === undefined) throw noSuchMessage();
      if (message.content.userid !== admitted.author) throw forbidden(ONLY_AUTHOR);
      // Soft removal: the row stays, flagged; removing a note removes its replies too.
      const removed = await store.remove(admitted.vault, message.rowKey, context.now());
      if (!removed) throw noSuchMessage();
      req.log.info('message removed');
      return { status: 202, body: undefined };
    },
  };
}
