import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { databaseBackends } from '@tidepool/kit/testing';
import {
  logIn,
  mailedToken,
  newIdentity,
  send,
  signUp,
  startUserApiFixture,
  type UserApiFixture,
} from '../testing/index.js';
import { schema } from './schema.js';

/**
 * DESIGN.md §5 and §6: nobody can tell from the users database which users are patients. Whether
 * someone is a patient lives in their encrypted metadata; here patients and caregivers make the
 * same calls, and the dump must not tell them apart.
 */
describe.each(databaseBackends())(
  'the users database after patients and caregivers signed up on %s',
  (backend) => {
    let fixture: UserApiFixture;
    const patients: string[] = [];
    const caregivers: string[] = [];

    beforeAll(async () => {
      fixture = await startUserApiFixture(backend);
      for (const [label, list] of [
        ['patient', patients],
        ['caregiver', caregivers],
      ] as const) {
        for (let index = 0; index < 3; index += 1) {
          const { identity, token, user } = await signUp(fixture, newIdentity(label));
          await logIn(fixture, identity.email, identity.password);
          await send(fixture, 'POST', '/email/verify', { token });
          const verification = await mailedToken(fixture, identity.email, 'email-verification');
          await send(fixture, 'POST', '/email/verify/confirm', { body: { token: verification } });
          await send(fixture, 'GET', '/user', { token });
          list.push(user.userid);
        }
      }
      await fixture.userApi.deliverMail();
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('has no column that could hold a role, a diagnosis or anything medical', () => {
      const columns = Object.values(schema).flatMap((table) =>
        Object.values(getTableColumns(table as Table)).map(
          (column) => `${getTableName(table as Table)}.${column.name}`,
        ),
      );
      expect(
        columns.filter((name) => /patient|diagnos|birth|role|clinic|type|name_full|profile/i.test(name)),
      ).toEqual([]);
    });

    it('gives every user the same rows with the same filled columns, patient or not', async () => {
      const { db } = fixture.database;
      const sessionOwners = new Map(
        (await db.select().from(schema.sessions)).map((session) => [session.id, session.userid]),
      );
      /** For each user: table → the sorted filled-column patterns of their rows. */
      const shapes = new Map<string, Record<string, string[]>>();
      for (const table of Object.values(schema)) {
        const name = getTableName(table as Table);
        const rows = (await db.select().from(table as never)) as Record<string, unknown>[];
        for (const row of rows) {
          const owner =
            typeof row.userid === 'string'
              ? row.userid
              : typeof row.sessionId === 'string'
                ? sessionOwners.get(row.sessionId)
                : undefined;
          if (owner == null) continue;
          const pattern = Object.keys(row)
            .filter((column) => row[column] !== null)
            .sort()
            .join(',');
          const shape = shapes.get(owner) ?? {};
          (shape[name] ??= []).push(pattern);
          shapes.set(owner, shape);
        }
      }
      const normalized = [...patients, ...caregivers].map((userid) => {
        const shape = shapes.get(userid) ?? {};
        return Object.fromEntries(Object.entries(shape).map(([table, patterns]) => [table, patterns.sort()]));
      });
      expect(normalized[0]).toHaveProperty('users');
      expect(normalized[0]).toHaveProperty('sessions');
      for (const shape of normalized) expect(shape).toEqual(normalized[0]);
    });

    it('keeps no mail text once it was delivered', async () => {
      expect(await fixture.database.db.select().from(schema.mailOutbox)).toEqual([]);
    });
  },
);
