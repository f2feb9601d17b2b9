import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import { PROBLEM_CONTENT_TYPE, type messageApiContract, type Permissions } from '@tidepool/spec';
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

const CREDENTIALS = [
  'no token',
  'stranger',
  'viewer',
  'note only',
  'uploader',
  'custodian',
  'self',
  'author',
  'server',
] as const;
type Credential = (typeof CREDENTIALS)[number];

const GRANTS: Partial<Record<Credential, Permissions>> = {
  viewer: { view: {} },
  'note only': { note: {} },
  uploader: { upload: {} },
  custodian: { custodian: {} },
  author: { view: {} },
};
const NOTE_TEXT = 'Low after breakfast, treated with juice.';

/** Fresh users for one cell: a patient, a note on their data by `author`, and the token under test. */
interface Cell {
  readonly patient: TestUser;
  readonly noteId: string;
  readonly token: string | undefined;
}

type Row = readonly [
  request: (fixture: MessageApiFixture, cell: Cell) => Promise<Response>,
  expected: Readonly<Record<Credential, number>>,
];

function statuses(...values: readonly number[]): Record<Credential, number> {
  return Object.fromEntries(
    CREDENTIALS.map((credential, index) => [credential, values[index] ?? 0]),
  ) as Record<Credential, number>;
}

// The order of every row: no token, stranger, viewer, note only, uploader, custodian, self, author, server.
const READ = statuses(401, 403, 200, 403, 403, 200, 200, 200, 200);
const WRITE = statuses(401, 403, 201, 201, 403, 201, 201, 201, 403);

/** Every route of the contract with the status each credential gets (DESIGN.md §9 permission rules). */
const MATRIX: Record<keyof typeof messageApiContract, Row> = {
  getStatus: [(f) => send(f, 'GET', '/status'), statuses(200, 200, 200, 200, 200, 200, 200, 200, 200)],
  getMetrics: [(f) => send(f, 'GET', '/metrics'), statuses(200, 200, 200, 200, 200, 200, 200, 200, 200)],
  sendMessage: [
    (f, c) => send(f, 'POST', `/send/${c.patient.userid}`, { token: c.token, body: noteBody('A new note.') }),
    WRITE,
  ],
  replyMessage: [
    (f, c) => send(f, 'POST', `/reply/${c.noteId}`, { token: c.token, body: noteBody('A reply.') }),
    WRITE,
  ],
  getThread: [(f, c) => send(f, 'GET', `/thread/${c.noteId}`, { token: c.token }), READ],
  getNotes: [(f, c) => send(f, 'GET', `/notes/${c.patient.userid}`, { token: c.token }), READ],
  getAllMessages: [(f, c) => send(f, 'GET', `/all/${c.patient.userid}`, { token: c.token }), READ],
  readMessage: [(f, c) => send(f, 'GET', `/read/${c.noteId}`, { token: c.token }), READ],
  editMessage: [
    (f, c) =>
      send(f, 'PUT', `/edit/${c.noteId}`, { token: c.token, body: { message: { messagetext: 'Edited.' } } }),
    statuses(401, 403, 403, 403, 403, 403, 403, 200, 403),
  ],
  removeMessage: [
    (f, c) => send(f, 'DELETE', `/remove/${c.noteId}`, { token: c.token }),
    statuses(401, 403, 403, 403, 403, 403, 403, 202, 403),
  ],
  eraseUser: [
    (f, c) => send(f, 'DELETE', `/internal/users/${c.patient.userid}`, { token: c.token }),
    statuses(401, 403, 403, 403, 403, 403, 403, 403, 204),
  ],
};

describe.each(databaseBackends())('who may call each route of message-api on %s', (backend) => {
  let database: OpenedDatabase<MessageApiSchema>;
  let fixture: MessageApiFixture;

  beforeAll(async () => {
    database = await openMessagesTestDatabase(backend);
    fixture = await startMessageApiFixture(backend, { database });
  });
  afterAll(async () => {
    await fixture.close();
    await database.close();
  });

  async function cellFor(credential: Credential): Promise<Cell> {
    const patient = fixture.addUser({ fullName: 'Pat Patient' });
    const users: Partial<Record<Credential, TestUser>> = { self: patient };
    for (const [name, permissions] of Object.entries(GRANTS) as [Credential, Permissions][]) {
      const user = fixture.addUser({ fullName: `The ${name}` });
      fixture.permissions.grant(patient.userid, user.userid, permissions);
      users[name] = user;
    }
    users.stranger = fixture.addUser({ fullName: 'A stranger' });
    const author = users.author ?? patient;
    const noteId = await writeNote(fixture, author, { groupid: patient.userid }, NOTE_TEXT);
    const token =
      credential === 'no token'
        ? undefined
        : credential === 'server'
          ? fixture.serverToken
          : users[credential]?.token;
    return { patient, noteId, token };
  }

  for (const [route, [request, expected]] of Object.entries(MATRIX)) {
    it.each(CREDENTIALS)(`${route} answers the expected status to %s`, async (credential) => {
      const cell = await cellFor(credential);
      const response = await request(fixture, cell);
      const body = await response.text();
      expect({ status: response.status, body }).toMatchObject({ status: expected[credential] });
      if (response.status >= 400) {
        expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
        // A refusal says nothing of the note it refused to show.
        expect(body).not.toContain(NOTE_TEXT);
      }
    });
  }
});
