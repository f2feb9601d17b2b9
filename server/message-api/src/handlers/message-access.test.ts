import { afterAll, beforeAll, describe, it } from 'vitest';
import { generateSalt, parseSaltRing, type OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { MessageApiSchema } from '../db/schema.js';
import { createMessageIds } from '../ids/message-ids.js';
import {
  expectNoMessages,
  expectProblem,
  noteBody,
  openMessagesTestDatabase,
  send,
  startMessageApiFixture,
  writeNote,
  type MessageApiFixture,
  type TestUser,
} from '../testing/index.js';

/**
 * DESIGN.md §9 and the README: a caller without permission on the patient learns nothing about
 * which messages exist, and an id this deploy did not make names nothing.
 */
describe.each(databaseBackends())('message ids in the hands of others on %s', (backend) => {
  let database: OpenedDatabase<MessageApiSchema>;
  let fixture: MessageApiFixture;
  let patient: TestUser;

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
  }

  it('answers 403 to a viewer of another patient using this patient’s ids, whether or not the message is still there', async () => {
    newPatient();
    const removedId = await writeNote(fixture, patient, { groupid: patient.userid }, 'Removed');
    await send(fixture, 'DELETE', `/remove/${removedId}`, { token: patient.token });
    const presentId = await writeNote(fixture, patient, { groupid: patient.userid }, 'Present');
    const otherPatient = fixture.addUser();
    const outsider = fixture.addUser();
    fixture.permissions.grant(otherPatient.userid, outsider.userid, { view: {}, note: {} });
    const token = outsider.token;
    for (const id of [removedId, presentId]) {
      await expectProblem(await send(fixture, 'GET', `/read/${id}`, { token }), 403);
      await expectProblem(await send(fixture, 'GET', `/thread/${id}`, { token }), 403);
      await expectProblem(await send(fixture, 'POST', `/reply/${id}`, { token, body: noteBody('Hi') }), 403);
      await expectProblem(await send(fixture, 'DELETE', `/remove/${id}`, { token }), 403);
    }
  });

  it('answers 404 to a changed or foreign message id, for the patient as for anyone', async () => {
    newPatient();
    const id = await writeNote(fixture, patient, { groupid: patient.userid }, 'A note');
    const changed = `${id.slice(0, 10)}${id[10] === 'A' ? 'B' : 'A'}${id.slice(11)}`;
    const otherDeploy = createMessageIds(parseSaltRing('MESSAGE_SALT_DEPLOY', generateSalt()));
    const foreign = otherDeploy.create(patient.userid).id;
    for (const bad of [changed, foreign, 'x', 'A'.repeat(128)]) {
      for (const user of [patient, fixture.addUser()]) {
        await expectProblem(await send(fixture, 'GET', `/read/${bad}`, { token: user.token }), 404);
        await expectNoMessages(await send(fixture, 'GET', `/thread/${bad}`, { token: user.token }));
        await expectProblem(
          await send(fixture, 'PUT', `/edit/${bad}`, {
            token: user.token,
            body: { message: { messagetext: 'x' } },
          }),
          404,
        );
        await expectProblem(await send(fixture, 'DELETE', `/remove/${bad}`, { token: user.token }), 404);
        await expectProblem(
          await send(fixture, 'POST', `/reply/${bad}`, { token: user.token, body: noteBody('x') }),
          404,
        );
      }
    }
  });
});
