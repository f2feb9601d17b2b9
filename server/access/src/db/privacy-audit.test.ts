import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { DecryptionError, generateSalt, parseSaltRing } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Invitation } from '@tidepool/spec';
import { send } from '@tidepool/user-api/testing';
import { emailKey, userKey } from '../keys/lookup-keys.js';
import {
  createAccessCiphers,
  grantAssociatedData,
  invitationAssociatedData,
} from '../store/sealed-records.js';
import {
  grant,
  newUser,
  startAccessFixture,
  verifyEmail,
  type AccessFixture,
  type TestUser,
} from '../testing/index.js';
import { grants, invitations } from './schema.js';

const PERMISSION_NAMES = ['custodian', 'admin', 'view', 'upload', 'note'];

/** Every row of every table of the permissions database, as an insider with the database alone sees them. */
async function dumpEveryTable(fixture: AccessFixture): Promise<{ tables: string[]; text: string }> {
  const { db } = fixture.database;
  const rowsOf = (result: unknown) =>
    (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const tables = rowsOf(
    await db.execute(
      sql`select table_name from information_schema.tables where table_schema = current_schema() order by 1`,
    ),
  ).map((row) => String(row.table_name));
  const lines: string[] = [];
  for (const table of tables) {
    for (const row of rowsOf(await db.execute(sql.raw(`select * from "${table}"`)))) {
      for (const value of Object.values(row)) {
        // Bytes both as hex and as text, so that plaintext inside them would show.
        if (value instanceof Uint8Array) {
          lines.push(Buffer.from(value).toString('hex'), Buffer.from(value).toString('latin1'));
        } else lines.push(value instanceof Date ? value.toISOString() : String(value));
      }
    }
  }
  return { tables, text: lines.join('\n') };
}

describe.each(databaseBackends())('the privacy of the permissions database on %s', (backend) => {
  let fixture: AccessFixture;
  let patient: TestUser;
  let caregiver: TestUser;
  let clinician: TestUser;
  let invitee: TestUser;
  const unknownAddress = 'Nobody.Yet@Example.org';

  beforeAll(async () => {
    fixture = await startAccessFixture(backend);
    [patient, caregiver, clinician, invitee] = (await Promise.all(
      ['patient', 'caregiver', 'clinician', 'invitee'].map((label) => newUser(fixture, label)),
    )) as [TestUser, TestUser, TestUser, TestUser];
    await verifyEmail(fixture, invitee);
    await grant(fixture, patient.token, patient.userid, caregiver.userid, { custodian: {} });
    await grant(fixture, caregiver.token, patient.userid, clinician.userid, { view: {}, note: {} });
    await grant(fixture, clinician.token, clinician.userid, patient.userid, { admin: {} });
    for (const email of [invitee.email, unknownAddress]) {
      const sent = await send(fixture, 'POST', `/invitations/sent/${patient.userid}`, {
        token: patient.token,
        body: { email, permissions: { upload: {}, view: {} } },
      });
      expect(sent.status).toBe(202);
    }
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function receivedBy(user: TestUser, at: AccessFixture = fixture) {
    const response = await send(at, 'GET', `/invitations/received/${user.userid}`, { token: user.token });
    return { status: response.status, body: (await response.json()) as Invitation[] };
  }

  it('holds no user id, address, username or permission in clear in any table', async () => {
    const { tables, text } = await dumpEveryTable(fixture);
    expect(tables).toEqual(['grants', 'invitation_counts', 'invitations']);
    expect(text.length).toBeGreaterThan(0);
    for (const user of [patient, caregiver, clinician, invitee]) {
      expect(text).not.toContain(user.userid);
      expect(text.toLowerCase()).not.toContain(user.email.toLowerCase());
      expect(text.toLowerCase()).not.toContain(user.email.split('@')[0]);
    }
    expect(text.toLowerCase()).not.toContain(unknownAddress.toLowerCase());
    for (const name of PERMISSION_NAMES) expect(text).not.toContain(name);
  });

  it('finds and opens nothing with another deploy salt', async () => {
    const otherRing = parseSaltRing('ACCESS_SALT_DEPLOY', generateSalt());
    await using other = await startAccessFixture(backend, {
      userApi: fixture.userApi,
      database: fixture.database,
      env: { ACCESS_SALT_DEPLOY: generateSalt() },
    });
    const grantees = await send(other, 'GET', `/${patient.userid}`, { token: patient.token });
    expect(await grantees.json()).toEqual({ [patient.userid]: { root: {} } });
    const groups = await send(other, 'GET', `/groups/${clinician.userid}`, { token: clinician.token });
    expect(await groups.json()).toEqual({ [clinician.userid]: { root: {} } });
    expect((await receivedBy(invitee, other)).body).toEqual([]);

    const ciphers = createAccessCiphers(otherRing);
    const { db } = fixture.database;
    const rows = await db.select().from(grants);
    const invitationRows = await db.select().from(invitations);
    expect(rows.length + invitationRows.length).toBe(5);
    for (const row of rows) {
      expect(() =>
        ciphers.grants.open(row.envelope, grantAssociatedData(row.groupKey, row.granteeKey)),
      ).toThrow(DecryptionError);
    }
    for (const row of invitationRows) {
      expect(() =>
        ciphers.invitations.open(row.envelope, invitationAssociatedData(row.groupKey, row.id, row.emailKey)),
      ).toThrow(DecryptionError);
    }
  });

  it('reads older salt versions after a rotation and rewrites what changes under the newest', async () => {
    const ring = fixture.config.ACCESS_SALT_DEPLOY;
    const oldSecret = fixture.config.ACCESS_SALT_DEPLOY.get(1)?.secret.toString('ascii') ?? '';
    await using rotated = await startAccessFixture(backend, {
      userApi: fixture.userApi,
      database: fixture.database,
      env: { ACCESS_SALT_DEPLOY: `v2:${generateSalt()},v1:${oldSecret}` },
    });
    const grantees = await send(rotated, 'GET', `/${patient.userid}`, { token: patient.token });
    expect(await grantees.json()).toEqual({
      [patient.userid]: { root: {} },
      [caregiver.userid]: { custodian: {} },
      [clinician.userid]: { view: {}, note: {} },
    });
    await grant(rotated, patient.token, patient.userid, clinician.userid, { view: {} });
    const { db } = fixture.database;
    const pairRows = await db
      .select({ keyVersion: grants.keyVersion })
      .from(grants)
      .where(
        and(
          eq(grants.groupKey, userKey(rotated.config.ACCESS_SALT_DEPLOY, patient.userid)),
          eq(grants.granteeKey, userKey(rotated.config.ACCESS_SALT_DEPLOY, clinician.userid)),
        ),
      );
    expect(pairRows).toEqual([{ keyVersion: 2 }]);
    const oldRows = await db
      .select()
      .from(grants)
      .where(
        and(
          eq(grants.groupKey, userKey(ring, patient.userid)),
          eq(grants.granteeKey, userKey(ring, clinician.userid)),
        ),
      );
    expect(oldRows).toEqual([]);
    const held = await send(rotated, 'GET', `/${patient.userid}/${clinician.userid}`, {
      token: patient.token,
    });
    expect(await held.json()).toEqual({ view: {} });

    const [invitation] = (await receivedBy(invitee, rotated)).body;
    expect(invitation).toMatchObject({ groupid: patient.userid, status: 'pending' });
    const declined = await send(
      rotated,
      'POST',
      `/invitations/received/${invitee.userid}/${invitation?.id}/decline`,
      { token: invitee.token },
    );
    expect(declined.status).toBe(204);
    const [row] = await db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitation?.id ?? ''));
    expect(row).toMatchObject({ keyVersion: 2, status: 'declined' });
  });

  it('refuses an altered envelope with a clear 500 problem rather than reading garbage', async () => {
    const { db } = fixture.database;
    const ring = fixture.config.ACCESS_SALT_DEPLOY;
    const where = and(
      eq(grants.groupKey, userKey(ring, patient.userid)),
      eq(grants.granteeKey, userKey(ring, caregiver.userid)),
    );
    const [row] = await db.select().from(grants).where(where);
    if (row === undefined) throw new Error('the grant is missing');
    const altered = Buffer.from(row.envelope);
    altered[altered.length - 20] = (altered[altered.length - 20] ?? 0) ^ 0x01;
    await db.update(grants).set({ envelope: altered }).where(where);

    const response = await send(fixture, 'GET', `/${patient.userid}/${caregiver.userid}`, {
      token: patient.token,
    });
    expect(response.status).toBe(500);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('INTERNAL');
    expect(problem.detail).toMatch(/could not be opened: it was altered/);
  });

  it('refuses an invitation whose address key was swapped to redirect it', async () => {
    const { db } = fixture.database;
    const ring = fixture.config.ACCESS_SALT_DEPLOY;
    const stranger = await newUser(fixture, 'stranger');
    await verifyEmail(fixture, stranger);
    const [pending] = await db.select().from(invitations).where(eq(invitations.status, 'pending'));
    if (pending === undefined) throw new Error('no pending invitation');
    await db
      .update(invitations)
      .set({ emailKey: emailKey(ring, stranger.email) })
      .where(eq(invitations.id, pending.id));
    const received = await send(fixture, 'GET', `/invitations/received/${stranger.userid}`, {
      token: stranger.token,
    });
    expect(received.status).toBe(500);
    const problem = (await received.json()) as { code: string; detail: string };
    expect(problem.code).toBe('INTERNAL');
    expect(problem.detail).toMatch(/stored invitation could not be opened/);
  });
});
