/** The message-api contract: notes and replies on a patient's data (DESIGN.md §9), served under `/message`. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { MessageIdSchema, UserIdSchema } from '../common/ids.js';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import {
  CreatedMessageSchema,
  EditMessageBodySchema,
  EmptyMessageListSchema,
  MessageEnvelopeSchema,
  MessageListSchema,
  MessageRangeQuerySchema,
  NewMessageBodySchema,
} from './message.js';

const c = initContract();

const groupParams = z.object({ groupid: UserIdSchema });
const messageParams = z.object({ msgid: MessageIdSchema });
const mayNotRead = problem('Reading notes needs view, custodian or root on the patient.');
const mayNotWrite = problem('Writing notes needs note, view, custodian or root on the patient.');
const onlyAuthor = problem('Only the author may change or remove a message.');
const noSuchMessage = problem('No message has this id, or the caller may not read it.');
const exampleMessage = {
  message: { guid: 'a1b2c3', timestamp: '2024-05-01T08:30:00.000Z', messagetext: 'Low after breakfast.' },
};

/** Every route of message-api, as message-api serves them (no `/message` prefix). */
export const messageApiContract = c.router(
  {
    ...serviceStatusRoutes,
    sendMessage: {
      method: 'POST',
      path: '/send/:groupid',
      pathParams: groupParams,
      summary: 'Write a note on a patient’s data',
      description: 'Starts a thread. The author is the caller; `groupid` is the patient.',
      body: NewMessageBodySchema,
      responses: { 201: CreatedMessageSchema, ...problemResponses(400, 401), 403: mayNotWrite },
      metadata: publicRoute('user', { examples: { body: exampleMessage } }),
    },
    replyMessage: {
      method: 'POST',
      path: '/reply/:msgid',
      pathParams: messageParams,
      summary: 'Reply to a note',
      description: 'Adds a reply to the thread of the note `msgid`, on the same patient.',
      body: NewMessageBodySchema,
      responses: {
        201: CreatedMessageSchema,
        ...problemResponses(400, 401),
        403: mayNotWrite,
        404: noSuchMessage,
      },
      metadata: publicRoute('user', { examples: { body: exampleMessage } }),
    },
    getThread: {
      method: 'GET',
      path: '/thread/:msgid',
      pathParams: messageParams,
      summary: 'Read a thread',
      description: 'The note `msgid` and its replies, oldest first.',
      responses: {
        200: MessageListSchema,
        404: EmptyMessageListSchema,
        ...problemResponses(401),
        403: mayNotRead,
      },
      metadata: publicRoute('user'),
    },
    getNotes: {
      method: 'GET',
      path: '/notes/:groupid',
      pathParams: groupParams,
      query: MessageRangeQuerySchema,
      summary: 'List the notes on a patient’s data',
      description: 'The notes that start threads (no replies), in the time range, oldest first.',
      responses: {
        200: MessageListSchema,
        404: EmptyMessageListSchema,
        ...problemResponses(400, 401),
        403: mayNotRead,
      },
      metadata: publicRoute('user', { examples: { query: { starttime: '2024-05-01T00:00:00.000Z' } } }),
    },
    getAllMessages: {
      method: 'GET',
      path: '/all/:groupid',
      pathParams: groupParams,
      query: MessageRangeQuerySchema,
      summary: 'List every message on a patient’s data',
      description: 'Notes and replies in the time range, oldest first.',
      responses: {
        200: MessageListSchema,
        404: EmptyMessageListSchema,
        ...problemResponses(400, 401),
        403: mayNotRead,
      },
      metadata: publicRoute('user'),
    },
    readMessage: {
      method: 'GET',
      path: '/read/:msgid',
      pathParams: messageParams,
      summary: 'Read one message',
      description: 'One note or reply.',
      responses: {
        200: MessageEnvelopeSchema,
        ...problemResponses(401),
        403: mayNotRead,
        404: noSuchMessage,
      },
      metadata: publicRoute('user'),
    },
    editMessage: {
      method: 'PUT',
      path: '/edit/:msgid',
      pathParams: messageParams,
      summary: 'Edit a message',
      description: 'Changes the text and/or the timestamp, sets `modifiedtime`, and answers the message.',
      body: EditMessageBodySchema,
      responses: {
        200: MessageEnvelopeSchema.describe('The message after the change.'),
        ...problemResponses(400, 401),
        403: onlyAuthor,
        404: noSuchMessage,
      },
      metadata: publicRoute('user', { examples: { body: { message: { messagetext: 'Low after a run.' } } } }),
    },
    removeMessage: {
      method: 'DELETE',
      path: '/remove/:msgid',
      pathParams: messageParams,
      summary: 'Remove a message',
      description: 'Removes the message; removing a note removes its replies too.',
      body: c.noBody(),
      responses: { 202: c.noBody(), ...problemResponses(401), 403: onlyAuthor, 404: noSuchMessage },
      metadata: publicRoute('user'),
    },
    eraseUser: {
      method: 'DELETE',
      path: '/internal/users/:userid',
      pathParams: z.object({ userid: UserIdSchema }),
      summary: 'Erase the messages of a deleted user',
      description:
        'Deletes the messages about the user as a patient; what is left is unreadable once their ' +
        '`messages` pair is gone (crypto-shredding).',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(401), 403: problem('Only servers may erase users.') },
      metadata: internalRoute('server'),
    },
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
