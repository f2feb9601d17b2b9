import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { MessageApiSchema } from '../db/schema.js';
import {
  expectNoMessages,
  expectProblem,
  messageOf,
  openMessagesTestDatabase,
  send,
  startMessageApiFixture,
  writeNote,
  type MessageApiFixture,
} from '../testing/index.js';

describe.each(databaseBackends())('erasing a deleted user on %s', (backend) => {
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

  it('deletes every message about the user and leaves other patients’ notes, showing the erased author without a name', async () => {
    const erased = fixture.addUser({ fullName: 'Erased Person' });
    const other = fixture.addUser({ fullName: 'Other Patient' });
    fixture.permissions.grant(other.userid, erased.userid, { view: {} });
    const ownNote = await writeNote(fixture, erased, { groupid: erased.userid }, 'About me');
    const ownReply = await writeNote(fixture, erased, { replyTo: ownNote }, 'Still me');
    const written = await writeNote(fixture, erased, { groupid: other.userid }, 'On the other patient');

    const answer = await send(fixture, 'DELETE', `/internal/users/${erased.userid}`, {
      token: fixture.serverToken,
    });
    expect(answer.status).toBe(204);
    // user-api deletes the account and metadata the profile once every service has erased.
    fixture.pairs.removeUser(erased.userid);
    fixture.names.delete(erased.userid);

    const remaining = await database.db.query.messages.findMany();
    expect(remaining).toHaveLength(1);
    await expectNoMessages(
      await send(fixture, 'GET', `/all/${erased.userid}`, { token: fixture.serverToken }),
    );
    for (const id of [ownNote, ownReply]) {
      await expectProblem(await send(fixture, 'GET', `/read/${id}`, { token: fixture.serverToken }), 404);
    }
    const kept = await messageOf(await send(fixture, 'GET', `/read/${written}`, { token: other.token }));
    expect(kept).toMatchObject({
      messagetext: 'On the other patient',
      userid: erased.userid,
      user: { fullName: '' },
    });
  });

  it('acknowledges a user it has nothing of, and one whose pairs are gone already', async () => {
    const never = fixture.addUser();
    expect(
      (await send(fixture, 'DELETE', `/internal/users/${never.userid}`, { token: fixture.serverToken }))
        .status,
    ).toBe(204);
    expect(
      (await send(fixture, 'DELETE', '/internal/users/abcdef0123456789', { token: fixture.serverToken }))
        .status,
    ).toBe(204);
  });
});
