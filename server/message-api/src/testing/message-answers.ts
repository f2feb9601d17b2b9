/** Assertions on message-api's answers, for vitest tests: the Tidepool lists, one message, problems. */
import { expect } from 'vitest';
import { MessageEnvelopeSchema, MessageListSchema, PROBLEM_CONTENT_TYPE, type Message } from '@tidepool/spec';

/** The messages of a 200 list answer (`thread`, `notes`, `all`), checked against the contract. */
export async function messagesOf(response: Response): Promise<Message[]> {
  expect(response.status).toBe(200);
  return MessageListSchema.parse(await response.json()).messages;
}

/** The message of a 200 `{message}` answer (`read`, `edit`), checked against the contract. */
export async function messageOf(response: Response): Promise<Message> {
  expect(response.status).toBe(200);
  return MessageEnvelopeSchema.parse(await response.json()).message;
}

/** Tidepool's "no messages": 404 with an empty list, not a problem. */
export async function expectNoMessages(response: Response): Promise<void> {
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ messages: [] });
}

/** A problem-details answer of the given status. */
export async function expectProblem(response: Response, status: number): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
  expect(((await response.json()) as { status: number }).status).toBe(status);
}
