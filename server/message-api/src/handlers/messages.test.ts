import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Message } from '@tidepool/spec';
import type { MessageApiSchema } from '../db/schema.js';
import {
  expectNoMessages,
  expectProblem,
  messageOf,
  messagesOf,
  noteBody,
  openMessagesTestDatabase,
  send,
  startMessageApiFixture,
  writeNote,
  type MessageApiFixture,
  type TestUser,
} from '../testing/index.js';

describe.each(databaseBackends())('notes and replies on %s', (backend) => {
  let database: OpenedDatabase<MessageApiSchema>;
  let fixture: MessageApiFixture;
  /** A patient, a clinician who may view, and a caregiver who may only write notes. */
  let patient: TestUser;
  let clinician: TestUser;
  let noteTaker: TestUser;

  beforeAll(async () => {
    database = await openMessagesTestDatabase(backend);
    fixture = await startMessageApiFixture(backend, { database });
  });
  afterAll(async () => {
    await fixture.close();
    await database.close();
  });

  function newPatient() {
    patient = fixture.addUser({ fullName: 'Pat Patient' });
    clinician = fixture.addUser({ fullName: 'Dr Clinician' });
    noteTaker = fixture.addUser({ fullName: 'Casey Caregiver' });
    fixture.permissions.grant(patient.userid, clinician.userid, { view: {} });
    fixture.permissions.grant(patient.userid, noteTaker.userid, { note: {} });
  }

  it('answers a note in the Tidepool shape with the author’s name', async () => {
    newPatient();
    const response = await send(fixture, 'POST', `/send/${patient.userid}`, {
      token: clinician.token,
      body: {
        message: {
          guid: 'client-guid-1',
          timestamp: '2024-05-01T10:30:00+02:00',
          messagetext: 'Low after breakfast.',
          userid: 'ffffffffff',
          groupid: 'eeeeeeeeee',
        },
      },
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const message = await messageOf(await send(fixture, 'GET', `/read/${id}`, { token: patient.token }));
    expect(message).toEqual({
      id,
      guid: 'client-guid-1',
      parentmessage: null,
      userid: clinician.userid,
      groupid: patient.userid,
      timestamp: '2024-05-01T08:30:00.000Z',
      createdtime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
      messagetext: 'Low after breakfast.',
      user: { fullName: 'Dr Clinician' },
    });
  });

  it('makes up a guid when the client sends none', async () => {
    newPatient();
    const id = await writeNote(fixture, patient, { groupid: patient.userid }, 'Site change.');
    const message = await messageOf(await send(fixture, 'GET', `/read/${id}`, { token: patient.token }));
    expect(message.guid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads names at read time: a changed name shows at once, a missing one shows empty', async () => {
    newPatient();
    const id = await writeNote(fixture, clinician, { groupid: patient.userid }, 'Check basal.');
    fixture.names.set(clinician.userid, 'Dr Renamed');
    expect(
      (await messageOf(await send(fixture, 'GET', `/read/${id}`, { token: patient.token }))).user,
    ).toEqual({
      fullName: 'Dr Renamed',
    });
    fixture.names.delete(clinician.userid);
    expect(
      (await messageOf(await send(fixture, 'GET', `/read/${id}`, { token: patient.token }))).user,
    ).toEqual({
      fullName: '',
    });
  });

  it('answers a thread as the note and its replies, oldest first, a reply to a reply joining the note', async () => {
    newPatient();
    const noteId = await writeNote(
      fixture,
      patient,
      { groupid: patient.userid },
      'Note',
      '2024-05-01T08:00:00Z',
    );
    const later = await writeNote(
      fixture,
      clinician,
      { replyTo: noteId },
      'Later reply',
      '2024-05-01T12:00:00Z',
    );
    const earlier = await writeNote(
      fixture,
      noteTaker,
      { replyTo: noteId },
      'Earlier reply',
      '2024-05-01T09:00:00Z',
    );
    const nested = await writeNote(
      fixture,
      patient,
      { replyTo: earlier },
      'Reply to a reply',
      '2024-05-01T10:00:00Z',
    );
    const other = await writeNote(
      fixture,
      patient,
      { groupid: patient.userid },
      'Other note',
      '2024-05-01T09:30:00Z',
    );

    const thread = await messagesOf(
      await send(fixture, 'GET', `/thread/${noteId}`, { token: clinician.token }),
    );
    expect(thread.map((message) => message.id)).toEqual([noteId, earlier, nested, later]);
    expect(thread.map((message) => message.parentmessage)).toEqual([null, noteId, noteId, noteId]);
    expect(thread.map((message) => message.groupid)).toEqual(Array(4).fill(patient.userid));
    expect(thread[2]?.user.fullName).toBe('Pat Patient');

    const others = await messagesOf(
      await send(fixture, 'GET', `/thread/${other}`, { token: clinician.token }),
    );
    expect(others.map((message) => message.id)).toEqual([other]);
  });

  it('lists notes without replies and all messages with them, in the window, oldest first', async () => {
    newPatient();
    const may1 = await writeNote(
      fixture,
      patient,
      { groupid: patient.userid },
      'May 1',
      '2024-05-01T00:00:00Z',
    );
    const may3 = await writeNote(
      fixture,
      patient,
      { groupid: patient.userid },
      'May 3',
      '2024-05-03T00:00:00Z',
    );
    const may2 = await writeNote(
      fixture,
      clinician,
      { groupid: patient.userid },
      'May 2',
      '2024-05-02T00:00:00Z',
    );
    const reply = await writeNote(fixture, clinician, { replyTo: may1 }, 'Reply', '2024-05-02T12:00:00Z');
    const ids = (messages: Message[]) => messages.map((message) => message.id);
    const get = (path: string) => send(fixture, 'GET', path, { token: clinician.token });

    expect(ids(await messagesOf(await get(`/notes/${patient.userid}`)))).toEqual([may1, may2, may3]);
    expect(ids(await messagesOf(await get(`/all/${patient.userid}`)))).toEqual([may1, may2, reply, may3]);
    // Both ends are inclusive.
    const window = 'starttime=2024-05-02T00:00:00.000Z&endtime=2024-05-03T00:00:00Z';
    expect(ids(await messagesOf(await get(`/notes/${patient.userid}?${window}`)))).toEqual([may2, may3]);
    expect(ids(await messagesOf(await get(`/all/${patient.userid}?${window}`)))).toEqual([may2, reply, may3]);
    expect(ids(await messagesOf(await get(`/all/${patient.userid}?endtime=2024-05-01T23:59:59Z`)))).toEqual([
      may1,
    ]);
    expect(
      ids(await messagesOf(await get(`/notes/${patient.userid}?starttime=2024-05-02T01:00:00Z`))),
    ).toEqual([may3]);
    await expectNoMessages(await get(`/notes/${patient.userid}?starttime=2024-06-01T00:00:00Z`));
    await expectNoMessages(await get(`/all/${patient.userid}?endtime=2024-04-30T00:00:00Z`));
  });

  it('answers 404 with an empty list when a patient has no notes', async () => {
    newPatient();
    await expectNoMessages(await send(fixture, 'GET', `/notes/${patient.userid}`, { token: patient.token }));
    await expectNoMessages(await send(fixture, 'GET', `/all/${patient.userid}`, { token: clinician.token }));
  });

  it('keeps each patient’s notes apart', async () => {
    newPatient();
    const first = patient;
    await writeNote(fixture, first, { groupid: first.userid }, 'First patient’s note');
    newPatient();
    await writeNote(fixture, patient, { groupid: patient.userid }, 'Second patient’s note');
    const notes = await messagesOf(
      await send(fixture, 'GET', `/all/${first.userid}`, { token: first.token }),
    );
    expect(notes.map((message) => message.messagetext)).toEqual(['First patient’s note']);
  });

  it('lets the author change the text and the time, and says when', async () => {
    newPatient();
    const id = await writeNote(
      fixture,
      noteTaker,
      { groupid: patient.userid },
      'Draft',
      '2024-05-01T08:00:00Z',
    );
    const textEdit = await send(fixture, 'PUT', `/edit/${id}`, {
      token: noteTaker.token,
      body: { message: { messagetext: 'Final' } },
    });
    const edited = await messageOf(textEdit);
    expect(edited).toMatchObject({ id, messagetext: 'Final', timestamp: '2024-05-01T08:00:00.000Z' });
    expect(edited.modifiedtime).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    await messageOf(
      await send(fixture, 'PUT', `/edit/${id}`, {
        token: noteTaker.token,
        body: { message: { timestamp: '2024-06-01T08:00:00Z' } },
      }),
    );
    const read = await messageOf(await send(fixture, 'GET', `/read/${id}`, { token: clinician.token }));
    expect(read).toMatchObject({
      messagetext: 'Final',
      timestamp: '2024-06-01T08:00:00.000Z',
      userid: noteTaker.userid,
    });
    await expectNoMessages(
      await send(fixture, 'GET', `/notes/${patient.userid}?endtime=2024-05-31T00:00:00Z`, {
        token: clinician.token,
      }),
    );
  });

  it('refuses edits and removals by anyone but the author, the patient included', async () => {
    newPatient();
    const id = await writeNote(fixture, clinician, { groupid: patient.userid }, 'Clinician’s note');
    for (const user of [patient, noteTaker]) {
      await expectProblem(
        await send(fixture, 'PUT', `/edit/${id}`, {
          token: user.token,
          body: { message: { messagetext: 'Mine' } },
        }),
        403,
      );
      await expectProblem(await send(fixture, 'DELETE', `/remove/${id}`, { token: user.token }), 403);
    }
    const read = await messageOf(await send(fixture, 'GET', `/read/${id}`, { token: clinician.token }));
    expect(read.messagetext).toBe('Clinician’s note');
  });

  it('removes a note and its replies from every answer', async () => {
    newPatient();
    const noteId = await writeNote(fixture, clinician, { groupid: patient.userid }, 'To remove');
    const replyId = await writeNote(fixture, patient, { replyTo: noteId }, 'Its reply');
    const keptId = await writeNote(fixture, patient, { groupid: patient.userid }, 'Kept');
    const removal = await send(fixture, 'DELETE', `/remove/${noteId}`, { token: clinician.token });
    expect(removal.status).toBe(202);
    expect(await removal.text()).toBe('');

    const get = (path: string) => send(fixture, 'GET', path, { token: patient.token });
    await expectProblem(await get(`/read/${noteId}`), 404);
    await expectProblem(await get(`/read/${replyId}`), 404);
    await expectNoMessages(await get(`/thread/${noteId}`));
    expect((await messagesOf(await get(`/all/${patient.userid}`))).map((message) => message.id)).toEqual([
      keptId,
    ]);
    await expectProblem(await send(fixture, 'DELETE', `/remove/${noteId}`, { token: clinician.token }), 404);
    await expectProblem(
      await send(fixture, 'PUT', `/edit/${noteId}`, {
        token: clinician.token,
        body: { message: { messagetext: 'x' } },
      }),
      404,
    );
    await expectProblem(
      await send(fixture, 'POST', `/reply/${noteId}`, { token: patient.token, body: noteBody('Too late') }),
      404,
    );
  });

  it('removes a reply and keeps its note', async () => {
    newPatient();
    const noteId = await writeNote(fixture, patient, { groupid: patient.userid }, 'Note');
    const replyId = await writeNote(fixture, clinician, { replyTo: noteId }, 'Reply');
    expect((await send(fixture, 'DELETE', `/remove/${replyId}`, { token: clinician.token })).status).toBe(
      202,
    );
    const thread = await messagesOf(
      await send(fixture, 'GET', `/thread/${noteId}`, { token: patient.token }),
    );
    expect(thread.map((message) => message.id)).toEqual([noteId]);
  });

  it('gives servers read access to any patient’s notes', async () => {
    newPatient();
    const id = await writeNote(fixture, patient, { groupid: patient.userid }, 'For the server');
    const notes = await messagesOf(
      await send(fixture, 'GET', `/notes/${patient.userid}`, { token: fixture.serverToken }),
    );
    expect(notes.map((message) => message.id)).toEqual([id]);
  });
});
