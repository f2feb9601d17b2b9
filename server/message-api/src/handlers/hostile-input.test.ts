import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@tidepool/spec';
import type { MessageApiSchema } from '../db/schema.js';
import {
  noteBody,
  openMessagesTestDatabase,
  send,
  startMessageApiFixture,
  writeNote,
  type MessageApiFixture,
  type TestUser,
} from '../testing/index.js';

async function problemOf(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
  return (await response.json()) as Problem;
}

const BAD_TIMESTAMPS = [
  'yesterday',
  '2024-05-01',
  '2024-02-30T08:00:00Z',
  '2024-05-01T25:00:00Z',
  '0000-01-01T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '+010000-01-01T00:00:00Z',
  '2024-05-01T08:00:00Z\u0000',
];

describe.each(databaseBackends())('message-api refuses bad input on %s', (backend) => {
  let database: OpenedDatabase<MessageApiSchema>;
  let fixture: MessageApiFixture;
  let patient: TestUser;
  let noteId: string;

  beforeAll(async () => {
    database = await openMessagesTestDatabase(backend);
    fixture = await startMessageApiFixture(backend, { database });
    patient = fixture.addUser({ fullName: 'Pat Patient' });
    noteId = await writeNote(fixture, patient, { groupid: patient.userid }, 'The only note');
  });
  afterAll(async () => {
    await fixture.close();
    await database.close();
  });

  const write = (body: unknown) =>
    send(fixture, 'POST', `/send/${patient.userid}`, { token: patient.token, body });

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
    ['no message', { note: { messagetext: 'x' } }],
    ['a message without text', { message: { timestamp: '2024-05-01T08:00:00Z' } }],
    ['a message without time', { message: { messagetext: 'x' } }],
    ['an empty text', noteBody('')],
    ['a text of 10001 characters', noteBody('x'.repeat(10_001))],
    ['a guid of 129 characters', noteBody('x', undefined, 'g'.repeat(129))],
    ['a number as text', { message: { messagetext: 42, timestamp: '2024-05-01T08:00:00Z' } }],
    ['an array', [noteBody('x')]],
  ])('answers 400 to %s', async (_label, body) => {
    await problemOf(await write(body), 400);
  });

  it.each(BAD_TIMESTAMPS)('answers 400 naming the field to the timestamp %j', async (timestamp) => {
    const problem = await problemOf(await write(noteBody('x', timestamp)), 400);
    expect(problem.errors?.map((error) => error.path)).toContain('message.timestamp');
  });

  it.each([
    ['messagetext', noteBody('before\u0000after')],
    ['messagetext', noteBody('bell\u0007')],
    ['guid', noteBody('x', undefined, 'guid\u0000')],
  ])('answers 400 naming %s when it holds a control character', async (field, body) => {
    const problem = await problemOf(await write(body), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ location: 'body', path: `message.${field}` })]);
  });

  it('keeps line breaks and tabs, and text in any script', async () => {
    const text = 'Line one\r\nLine two\tTabbed — 低血糖 🍎';
    const response = await write(noteBody(text));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const read = await send(fixture, 'GET', `/read/${id}`, { token: patient.token });
    expect(((await read.json()) as { message: { messagetext: string } }).message.messagetext).toBe(text);
  });

  it('answers 400 to malformed JSON and 415 to another media type', async () => {
    await problemOf(
      await send(fixture, 'POST', `/send/${patient.userid}`, {
        token: patient.token,
        rawBody: '{"message":',
      }),
      400,
    );
    const response = await fetch(`${fixture.url}/send/${patient.userid}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-tidepool-session-token': patient.token },
      body: 'a note',
    });
    await problemOf(response, 415);
  });

  it('answers 413 to a body beyond the limit', async () => {
    await problemOf(await write(noteBody('x'.repeat(2 * 1024 * 1024))), 413);
  });

  it('answers 400 to a bad edit: nothing to change, a bad time, control characters', async () => {
    const edit = (body: unknown) => send(fixture, 'PUT', `/edit/${noteId}`, { token: patient.token, body });
    await problemOf(await edit({ message: {} }), 400);
    await problemOf(await edit({}), 400);
    await problemOf(await edit({ message: { timestamp: '0000-01-01T00:00:00Z' } }), 400);
    await problemOf(await edit({ message: { messagetext: 'a\u0000b' } }), 400);
    await problemOf(await edit({ message: { messagetext: 'x'.repeat(10_001) } }), 400);
    const read = await send(fixture, 'GET', `/read/${noteId}`, { token: patient.token });
    expect(((await read.json()) as { message: { messagetext: string } }).message.messagetext).toBe(
      'The only note',
    );
  });

  it.each([
    'starttime=yesterday',
    'endtime=2024-13-01T00:00:00Z',
    'starttime=0000-01-01T00:00:00Z',
    'starttime=2024-05-02T00:00:00Z&endtime=2024-05-01T00:00:00Z',
  ])('answers 400 to the window %s', async (query) => {
    await problemOf(
      await send(fixture, 'GET', `/notes/${patient.userid}?${query}`, { token: patient.token }),
      400,
    );
    await problemOf(
      await send(fixture, 'GET', `/all/${patient.userid}?${query}`, { token: patient.token }),
      400,
    );
  });

  it.each(['ABCDEF0123', '0123', 'g123456789', 'a'.repeat(65), '0123456789%00'])(
    'answers 400 to the user id %j',
    async (groupid) => {
      await problemOf(await send(fixture, 'GET', `/notes/${groupid}`, { token: patient.token }), 400);
      await problemOf(
        await send(fixture, 'POST', `/send/${groupid}`, { token: patient.token, body: noteBody('x') }),
        400,
      );
    },
  );

  it.each(['A'.repeat(129), 'id%00', 'id.with.dots', '%E2%9C%93'])(
    'answers 400 to the message id %j',
    async (id) => {
      await problemOf(await send(fixture, 'GET', `/read/${id}`, { token: patient.token }), 400);
    },
  );

  it('answers 401 to an unknown token before looking at anything', async () => {
    await problemOf(await send(fixture, 'GET', `/read/${noteId}`, { token: 'not-a-token' }), 401);
  });
});
