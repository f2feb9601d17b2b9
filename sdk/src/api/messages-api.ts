/** `client.messages`: notes and replies on a patient's data (message-api, under `/message`). */
import type {
  CreatedMessage,
  EditMessageBody,
  MessageEnvelope,
  MessageList,
  MessageRangeQuery,
  NewMessageBody,
  ServiceStatus,
} from '@tidepool/spec';
import { EmptyMessageListSchema } from '@tidepool/spec';
import { NotFoundError } from '../errors/tidepool-error.js';
import type { RequestOptions } from '../options/request-options.js';
import type { RawClient } from './raw-client.js';
import { successBody } from './success-body.js';

/** A new note or reply, as {@link MessagesApi.send} and {@link MessagesApi.reply} take it. */
export type NewMessage = NewMessageBody['message'];

/** The changes of {@link MessagesApi.edit}: the text, the timestamp, or both. */
export type MessageChanges = EditMessageBody['message'];

/**
 * Notes on a patient's data (the *group*) and replies to them. Reading needs view on the
 * patient, writing needs note or view; only the author edits or removes a message.
 */
export class MessagesApi {
  readonly #raw: RawClient['message'];

  constructor(raw: RawClient['message']) {
    this.#raw = raw;
  }

  /**
   * Writes a note on the data of `groupid`, starting a thread; answers its id.
   *
   * @example
   * const { id } = await client.messages.send(patientId, {
   *   timestamp: '2024-05-01T08:30:00.000Z',
   *   messagetext: 'Low after breakfast: less insulin before running?',
   * });
   */
  async send(groupid: string, message: NewMessage, options?: RequestOptions): Promise<CreatedMessage> {
    return successBody(
      await this.#raw.sendMessage({ params: { groupid }, body: { message }, requestOptions: options }),
      201,
    );
  }

  /**
   * Replies to the note `messageId`, in its thread.
   *
   * @example
   * await client.messages.reply(noteId, { timestamp: new Date().toISOString(), messagetext: 'Yes, try 1 unit less.' });
   */
  async reply(messageId: string, message: NewMessage, options?: RequestOptions): Promise<CreatedMessage> {
    const response = await this.#raw.replyMessage({
      params: { msgid: messageId },
      body: { message },
      requestOptions: options,
    });
    return successBody(response, 201);
  }

  /** The note `messageId` and its replies, oldest first (an empty list when there is none). */
  async getThread(messageId: string, options?: RequestOptions): Promise<MessageList> {
    return emptyWhenNone(async () =>
      successBody(await this.#raw.getThread({ params: { msgid: messageId }, requestOptions: options }), 200),
    );
  }

  /**
   * The notes (not replies) on the data of `groupid` whose timestamp is in the range, oldest first.
   *
   * @example
   * const { messages } = await client.messages.listNotes(patientId, { starttime: '2024-05-01T00:00:00Z' });
   */
  async listNotes(
    groupid: string,
    range: MessageRangeQuery = {},
    options?: RequestOptions,
  ): Promise<MessageList> {
    return emptyWhenNone(async () =>
      successBody(
        await this.#raw.getNotes({ params: { groupid }, query: range, requestOptions: options }),
        200,
      ),
    );
  }

  /** Notes and replies on the data of `groupid` in the range, oldest first. */
  async listAll(
    groupid: string,
    range: MessageRangeQuery = {},
    options?: RequestOptions,
  ): Promise<MessageList> {
    return emptyWhenNone(async () =>
      successBody(
        await this.#raw.getAllMessages({ params: { groupid }, query: range, requestOptions: options }),
        200,
      ),
    );
  }

  /** One note or reply, in the envelope `{message}`. */
  async read(messageId: string, options?: RequestOptions): Promise<MessageEnvelope> {
    return successBody(
      await this.#raw.readMessage({ params: { msgid: messageId }, requestOptions: options }),
      200,
    );
  }

  /** Changes the text and/or timestamp of one's own message; answers it after the change. */
  async edit(messageId: string, changes: MessageChanges, options?: RequestOptions): Promise<MessageEnvelope> {
    const response = await this.#raw.editMessage({
      params: { msgid: messageId },
      body: { message: changes },
      requestOptions: options,
    });
    return successBody(response, 200);
  }

  /** Removes one's own message; removing a note removes its replies too. */
  async remove(messageId: string, options?: RequestOptions): Promise<void> {
    successBody(
      await this.#raw.removeMessage({ params: { msgid: messageId }, requestOptions: options }),
      202,
    );
  }

  /** The health of message-api. */
  async getStatus(options?: RequestOptions): Promise<ServiceStatus> {
    return successBody(await this.#raw.getStatus({ requestOptions: options }), 200);
  }
}

/**
 * Tidepool answers "no messages" as 404 with `{messages: []}` (DESIGN.md §9). That is an empty
 * list, not a failure; a 404 problem (an unknown route, say) is still thrown.
 */
async function emptyWhenNone(list: () => Promise<MessageList>): Promise<MessageList> {
  try {
    return await list();
  } catch (error) {
    if (error instanceof NotFoundError && EmptyMessageListSchema.safeParse(error.body).success)
      return { messages: [] };
    throw error;
  }
}
