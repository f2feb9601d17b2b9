/** HTTP helpers for tests of message-api: call a route with a token, write a note. */
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import type { MessageApiFixture } from './message-api-fixture.js';

/** Sends JSON (or a raw string body) with an optional session token. */
export function send(
  fixture: Pick<MessageApiFixture, 'url'>,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; rawBody?: string } = {},
): Promise<Response> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return fetch(`${fixture.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { [SESSION_TOKEN_HEADER]: options.token }),
    },
    ...(body === undefined ? {} : { body }),
  });
}

/** A note body as Tidepool clients send it. */
export function noteBody(messagetext: string, timestamp = '2024-05-01T08:30:00.000Z', guid?: string) {
  return { message: { messagetext, timestamp, ...(guid === undefined ? {} : { guid }) } };
}

/** Writes a note (or, with `replyTo`, a reply) and answers its id; throws unless the answer is 201. */
export async function writeNote(
  fixture: Pick<MessageApiFixture, 'url'>,
  author: { readonly token: string },
  target: { readonly groupid: string } | { readonly replyTo: string },
  messagetext: string,
  timestamp?: string,
): Promise<string> {
  const path = 'groupid' in target ? `/send/${target.groupid}` : `/reply/${target.replyTo}`;
  const response = await send(fixture, 'POST', path, {
    token: author.token,
    body: noteBody(messagetext, timestamp),
  });
  if (response.status !== 201)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
