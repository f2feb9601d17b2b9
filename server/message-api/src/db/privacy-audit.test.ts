import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Table } from 'drizzle-orm';
import { storageName, type OpenedDatabase } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import {
  openMessagesTestDatabase,
  send,
  startMessageApiFixture,
  type MessageApiFixture,
  type TestUser,
} from '../testing/index.js';
import { schema, type MessageApiSchema } from './schema.js';

/** Every way a stored value could show a secret: as text, as hex, and bytes read as UTF-8 or Latin-1. */
function spellings(value: unknown): string[] {
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    return [
      bytes.toString('hex'),
      bytes.toString('utf8'),
      bytes.toString('latin1'),
      bytes.toString('base64url'),
    ];
  }
  if (value instanceof Date) return [value.toISOString()];
  return [String(value)];
}

/**
 * DESIGN.md §6: the messages database names nobody. After patients, clinicians and caregivers
 * wrote, replied, edited and removed, a dump of every table holds no user id, note text, guid,
 * author name or message id, and storage names match nothing computable without the salt and
 * the patient's pair.
 */
describe.each(databaseBackends())('the messages database after a week of notes on %s', (backend) => {
  let database: OpenedDatabase<MessageApiSchema>;
  let fixture: MessageApiFixture;
  const users: TestUser[] = [];
  const secrets: string[] = [];
  let dump: string[];

  beforeAll(async () => {
    database = await openMessagesTestDatabase(backend);
    fixture = await startMessageApiFixture(backend, { database });
    for (let index = 0; index < 2; index += 1) {
      const patient = fixture.addUser({ fullName: `Patient Number${index}` });
      const clinician = fixture.addUser({ fullName: `Clinician Number${index}` });
      fixture.permissions.grant(patient.userid, clinician.userid, { view: {} });
      users.push(patient, clinician);
      for (const [author, text, guid] of [
        [patient, `Hypo at night ${index}, woke up sweating`, `guid-patient-${index}-0001`],
        [clinician, `Reduce basal ${index} by ten percent`, `guid-clinician-${index}-0001`],
      ] as const) {
        const response = await send(fixture, 'POST', `/send/${patient.userid}`, {
          token: author.token,
          body: { message: { guid, timestamp: '2024-05-01T08:00:00Z', messagetext: text } },
        });
        const { id } = (await response.json()) as { id: string };
        secrets.push(text, guid, id);
        const reply = `Thanks, noted ${index} ${author.userid.slice(0, 4)}`;
        const replied = await send(fixture, 'POST', `/reply/${id}`, {
          token: patient.token,
          body: { message: { guid: `${guid}-reply`, timestamp: '2024-05-01T09:00:00Z', messagetext: reply } },
        });
        secrets.push(reply, `${guid}-reply`, ((await replied.json()) as { id: string }).id);
        const edited = `Edited note ${index} ${author.userid.slice(0, 4)}`;
        await send(fixture, 'PUT', `/edit/${id}`, {
          token: author.token,
          body: { message: { messagetext: edited } },
        });
        secrets.push(edited);
      }
      const removed = await send(fixture, 'POST', `/send/${patient.userid}`, {
        token: patient.token,
        body: { message: { timestamp: '2024-05-02T08:00:00Z', messagetext: `Removed later ${index}` } },
      });
      const removedId = ((await removed.json()) as { id: string }).id;
      await send(fixture, 'DELETE', `/remove/${removedId}`, { token: patient.token });
      secrets.push(`Removed later ${index}`, removedId);
    }
    dump = [];
    for (const table of Object.values(schema)) {
      const rows = await database.db.select().from(table as Table);
      for (const row of rows) for (const value of Object.values(row)) dump.push(...spellings(value));
    }
  });
  afterAll(async () => {
    await fixture.close();
    await database.close();
  });

  it('holds rows: the audit looks at real data', () => {
    expect(dump.length).toBeGreaterThan(100);
  });

  it('has no table beyond the schema’s', async () => {
    const result: unknown = await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = current_schema()`,
    );
    // postgres-js answers the rows, PGlite an object holding them.
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      table_name: string;
    }[];
    expect(rows.map((row) => row.table_name).sort()).toEqual(['messages']);
  });

  it('holds no user id, in any spelling', () => {
    for (const { userid } of users) {
      expect(dump.filter((value) => value.toLowerCase().includes(userid))).toEqual([]);
    }
  });

  it('holds no note text, guid, author name or message id', () => {
    const names = [...fixture.names.values()];
    expect(names.length).toBeGreaterThan(0);
    for (const secret of [...secrets, ...names]) {
      expect(dump.filter((value) => value.includes(secret))).toEqual([]);
    }
  });

  it('stores each patient under a name made from the salt and the messages pair, and nothing else', async () => {
    const stored = new Set((await database.db.query.messages.findMany()).map((row) => row.storageName));
    const patients = users.filter((_user, index) => index % 2 === 0);
    const expected = new Set<string>();
    for (const patient of patients) {
      const pair = await fixture.pairs.pairOf(patient.userid, 'messages');
      expected.add(storageName(fixture.config.MESSAGE_SALT_DEPLOY, pair.id));
      expect(stored.has(pair.id)).toBe(false);
      expect(dump.some((value) => value.includes(pair.id) || value.includes(pair.hash))).toBe(false);
    }
    expect(stored).toEqual(expected);
  });
});
