/**
 * The privacy audit of issues 7 and 8 (DESIGN.md §6), done as an insider would: after a
 * scenario with a patient, a caregiver and a clinician who share data, notes and invitations,
 * every table of every service's database is dumped. Nothing in the metadata, access, data or
 * message databases names anyone or shows a medical or profile value in clear; nothing in the
 * users database tells the patient apart; with the databases but other salts nothing is found
 * or read; a tampered ciphertext is refused, never read as garbage.
 *
 * The services run as processes (their own main.ts) on one PostgreSQL, behind styx; the
 * clients use the SDK as apps do. PostgreSQL only: an insider's dump needs a database that
 * outlives the processes (each service's own tests dump PGlite too).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailability, startPostgres, type TestPostgres } from '@tidepool/kit/testing';
import { createClient, type TidepoolClient } from '@tidepool/sdk';
import { SERVER_NAME_HEADER, SERVER_SECRET_HEADER, SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { startServiceCluster, type ServiceCluster } from '../fixtures/service-cluster.js';
import { CHEAP_PASSWORD_HASHING } from '../fixtures/cheap-password-hashing.js';

const SERVICES = ['user-api', 'metadata', 'access', 'data', 'message-api'] as const;
/** The schemas of the services on the shared DATABASE_URL (kit: one schema per service). */
const SCHEMAS = { users: 'user_api', others: ['metadata', 'access', 'data', 'message_api'] } as const;

const tag = randomBytes(5).toString('hex');
const password = `audit passphrase ${randomBytes(8).toString('hex')}`;
const people = {
  patient: { email: `paula-${tag}@example.org`, fullName: `Paula Patient${tag}` },
  caregiver: { email: `carl-${tag}@example.org`, fullName: `Carl Caregiver${tag}` },
  clinician: { email: `dana-${tag}@example.org`, fullName: `Dana Doctor${tag}` },
};
const patientDetails = {
  birthday: '1987-03-14',
  diagnosisDate: '2001-06-02',
  diagnosisType: `type1-${tag}`,
  about: `about-${tag}`,
};
const device = { deviceId: `DexG7-${tag}`, serial: `SN${tag}`, uploadId: `upload-${tag}` };
const texts = { note: `note-text-${tag}`, reply: `reply-text-${tag}`, datumNote: `datum-note-${tag}` };

const postgresReady = postgresAvailability().available;
let database: TestPostgres | undefined;
let cluster: ServiceCluster | undefined;
const clients = new Map<keyof typeof people, TidepoolClient>();
const userids = new Map<keyof typeof people, string>();

function platform(): ServiceCluster {
  if (cluster === undefined) throw new Error('the services did not start');
  return cluster;
}
function client(who: keyof typeof people): TidepoolClient {
  const found = clients.get(who);
  if (found === undefined) throw new Error(`${who} is not signed up`);
  return found;
}
function userid(who: keyof typeof people): string {
  return userids.get(who) ?? '';
}

/** Every row of every table of a schema, as one text (bytea as hex and as Latin-1 text, to find plain text in bytes). */
async function dumpSchema(sql: postgres.Sql, schema: string): Promise<string> {
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { table_name: table } of tables) {
    const rows = await sql.unsafe(`select * from "${schema}"."${table}"`);
    for (const row of rows) {
      for (const value of Object.values(row as Record<string, unknown>)) {
        if (value instanceof Uint8Array)
          parts.push(Buffer.from(value).toString('hex'), Buffer.from(value).toString('latin1'));
        else parts.push(value === undefined ? 'undefined' : JSON.stringify(value));
      }
    }
  }
  return parts.join('\n');
}

async function serverToken(): Promise<string> {
  const response = await fetch(`${platform().services.get('user-api')?.url ?? ''}/serverlogin`, {
    method: 'POST',
    headers: {
      [SERVER_NAME_HEADER]: 'audit',
      [SERVER_SECRET_HEADER]: platform().environment.SERVER_SECRET ?? '',
    },
  });
  return response.headers.get(SESSION_TOKEN_HEADER) ?? '';
}

/** The one-time token of the newest verification mail to `to`, from user-api's outbox. */
async function verificationToken(to: string): Promise<string> {
  const userApiUrl = platform().services.get('user-api')?.url ?? '';
  const token = await serverToken();
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const response = await fetch(`${userApiUrl}/outbox?to=${encodeURIComponent(to)}`, {
      headers: { [SESSION_TOKEN_HEADER]: token },
    });
    const { messages } = (await response.json()) as { messages: { kind: string; text: string }[] };
    const found = messages.find((mail) => mail.kind === 'email-verification');
    const match = found === undefined ? null : /token=([A-Za-z0-9_-]+)/.exec(found.text);
    if (match?.[1] !== undefined) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no verification mail to ${to}`);
}

beforeAll(async () => {
  if (!postgresReady) {
    if (process.env.CI === 'true')
      throw new Error('CI=true and no PostgreSQL: the privacy audit cannot be skipped');
    return;
  }
  database = await startPostgres();
  const running = await startServiceCluster(SERVICES, database.url, { env: CHEAP_PASSWORD_HASHING });
  cluster = running;
  for (const who of Object.keys(people) as (keyof typeof people)[]) {
    const sdk = createClient({ baseUrl: platform().publicUrl });
    const user = await sdk.signup({ emails: [people[who].email], password });
    await sdk.metadata.update(user.userid, 'profile', {
      fullName: people[who].fullName,
      ...(who === 'patient' ? { patient: patientDetails } : {}),
    });
    clients.set(who, sdk);
    userids.set(who, user.userid);
  }
  const patient = userid('patient');
  const start = Date.parse('2024-05-01T00:00:00Z');
  await client('patient').data.upload(patient, [
    {
      type: 'upload',
      time: new Date(start).toISOString(),
      deviceId: device.deviceId,
      uploadId: device.uploadId,
      deviceManufacturers: ['Dexcom'],
      deviceModel: 'G7',
      deviceSerialNumber: device.serial,
      deviceTags: ['cgm'],
      timezone: 'Europe/Paris',
      computerTime: '2024-05-02T08:00:00',
      version: 'audit-1.0.0',
    },
    ...Array.from({ length: 288 }, (_, index) => ({
      type: 'cbg' as const,
      time: new Date(start + index * 300_000).toISOString(),
      units: 'mg/dL' as const,
      value: 100 + (index % 50),
      deviceId: device.deviceId,
      uploadId: device.uploadId,
      ...(index === 0 ? { notes: [texts.datumNote] } : {}),
    })),
  ]);
  await client('patient').access.setPermissions(patient, userid('caregiver'), { view: {}, note: {} });
  await client('patient').access.invitations.send(patient, {
    email: people.clinician.email,
    permissions: { view: {} },
  });
  await client('clinician').auth.requestEmailVerification();
  await client('clinician').auth.confirmEmailVerification({
    token: await verificationToken(people.clinician.email),
  });
  const [invitation] = await client('clinician').access.invitations.listReceived(userid('clinician'));
  await client('clinician').access.invitations.accept(userid('clinician'), invitation?.id ?? 'none');
  const note = await client('caregiver').messages.send(patient, {
    timestamp: '2024-05-01T12:00:00.000Z',
    messagetext: texts.note,
  });
  await client('patient').messages.reply(note.id, {
    timestamp: '2024-05-01T12:05:00.000Z',
    messagetext: texts.reply,
  });
}, 300_000);

afterAll(async () => {
  await cluster?.close();
  await database?.stop();
});

describe.skipIf(!postgresReady && process.env.CI !== 'true')('privacy audit', () => {
  it('ran a scenario the services answer in clear to the people entitled to it', async () => {
    const patient = userid('patient');
    expect(await client('clinician').metadata.get(patient, 'profile')).toMatchObject({
      patient: patientDetails,
    });
    expect(await client('clinician').data.query(patient, { type: 'cbg' })).toHaveLength(288);
    const notes = await client('caregiver').messages.listAll(patient);
    expect(notes.messages.map((message) => message.messagetext).sort()).toEqual(
      [texts.note, texts.reply].sort(),
    );
    const shared = await client('patient').metadata.listSharedUsers(patient);
    expect(shared.map((user) => user.profile?.fullName).sort()).toEqual(
      [people.caregiver.fullName, people.clinician.fullName].sort(),
    );
  });

  it('finds no user id, email, name, profile, device or note value in clear in the other databases', async () => {
    const sql = postgres(database?.url ?? '', { max: 1, onnotice: () => undefined });
    try {
      const secrets = [
        ...userids.values(),
        ...Object.values(people).flatMap((person) => [
          person.email,
          person.email.split('@')[0] ?? '',
          person.fullName,
        ]),
        ...Object.values(patientDetails),
        ...Object.values(device),
        ...Object.values(texts),
      ];
      for (const schema of SCHEMAS.others) {
        const dump = await dumpSchema(sql, schema);
        expect(dump.length, `${schema} holds the scenario`).toBeGreaterThan(1000);
        for (const secret of secrets) expect(dump.includes(secret), `${schema} shows ${secret}`).toBe(false);
        // Lower-cased emails and names, and ids as raw bytes, are looked for too.
        for (const secret of secrets)
          expect(dump.toLowerCase().includes(secret.toLowerCase()), `${schema}: ${secret}`).toBe(false);
      }
    } finally {
      await sql.end();
    }
  });

  it('tells the patient apart from the others in nothing the users database holds', async () => {
    const sql = postgres(database?.url ?? '', { max: 1, onnotice: () => undefined });
    try {
      const dump = await dumpSchema(sql, SCHEMAS.users);
      for (const value of [
        ...Object.values(patientDetails),
        'patient',
        people.patient.fullName,
        texts.note,
      ]) {
        expect(dump.toLowerCase().includes(value.toLowerCase()), `users show ${value}`).toBe(false);
      }
      const users = await sql.unsafe(`select * from "${SCHEMAS.users}"."users"`);
      const shape = (row: Record<string, unknown>) =>
        Object.entries(row)
          .filter(([column]) => !/email|username|time|verified/i.test(column))
          .map(
            ([column, value]) =>
              `${column}:${value === null ? 'null' : typeof value}:${String(value).length}`,
          )
          .sort();
      const rows = users as unknown as Record<string, unknown>[];
      const byId = (id: string) => rows.find((row) => Object.values(row).includes(id));
      const patientRow = byId(userid('patient'));
      expect(patientRow).toBeDefined();
      expect(shape(patientRow ?? {})).toEqual(shape(byId(userid('caregiver')) ?? {}));
    } finally {
      await sql.end();
    }
  });

  it('finds and reads nothing with the same databases but other salts, and everything again with the right ones', async () => {
    const patient = userid('patient');
    /** Restarts services, each with another value of the salt variable named for it (or its own without). */
    const restart = (services: readonly string[], saltVariables: Record<string, string> = {}) =>
      Promise.all(
        services.map((service) => {
          const variable = saltVariables[service];
          const env = variable === undefined ? {} : { [variable]: randomBytes(32).toString('base64url') };
          return platform().restart(service, { env, healthy: variable === undefined });
        }),
      );
    // access, data and message-api on other salts (metadata still right): nothing is found.
    await restart(['access', 'data', 'message-api'], {
      access: 'ACCESS_SALT_DEPLOY',
      data: 'DATA_SALT_DEPLOY',
      'message-api': 'MESSAGE_SALT_DEPLOY',
    });
    expect(await client('patient').data.query(patient, { type: 'cbg' })).toEqual([]);
    // (404 `{messages: []}` on the wire, which the SDK answers as an empty list.)
    expect(await client('patient').messages.listAll(patient)).toEqual({ messages: [] });
    expect(Object.keys(await client('patient').access.listGrantees(patient))).toEqual([patient]);
    await expect(client('caregiver').data.query(patient, { type: 'cbg' })).rejects.toMatchObject({
      status: 403,
    });
    // metadata on another salt: it notices, refuses to serve documents and says it is unhealthy.
    await restart(['metadata'], { metadata: 'METADATA_SALT_DEPLOY' });
    const refused: unknown = await client('patient')
      .metadata.get(patient, 'profile')
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 500 });
    expect(JSON.stringify(refused)).not.toContain(people.patient.fullName);
    expect((await fetch(`${platform().services.get('metadata')?.url ?? ''}/status`)).status).toBe(503);

    await restart(['metadata', 'access', 'data', 'message-api']);
    expect(await client('patient').metadata.get(patient, 'profile')).toMatchObject({
      fullName: people.patient.fullName,
    });
    expect(await client('caregiver').data.query(patient, { type: 'cbg' })).toHaveLength(288);
    expect((await client('caregiver').messages.listAll(patient)).messages).toHaveLength(2);
  }, 240_000);

  it('refuses a tampered metadata document and data row with a clear problem instead of reading garbage', async () => {
    const patient = userid('patient');
    const sql = postgres(database?.url ?? '', { max: 1, onnotice: () => undefined });
    try {
      for (const schema of ['metadata', 'data']) {
        const columns = await sql<{ table_name: string; column_name: string }[]>`
          select table_name, column_name from information_schema.columns
          where table_schema = ${schema} and data_type = 'bytea'`;
        for (const { table_name: table, column_name: column } of columns) {
          // Flip one byte in the middle of every envelope: each one fails its GCM tag.
          await sql.unsafe(
            `update "${schema}"."${table}" set "${column}" = set_byte("${column}", length("${column}") / 2,
               get_byte("${column}", length("${column}") / 2) # 1) where length("${column}") > 40`,
          );
        }
      }
      const profile = await fetch(`${platform().publicUrl}/metadata/${patient}/profile`, {
        headers: { [SESSION_TOKEN_HEADER]: client('patient').session?.token ?? '' },
      });
      const data = await fetch(`${platform().publicUrl}/data/${patient}?type=cbg`, {
        headers: { [SESSION_TOKEN_HEADER]: client('patient').session?.token ?? '' },
      });
      for (const response of [profile, data]) {
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        const body = await response.text();
        expect(body).not.toContain(people.patient.fullName);
        expect(body).not.toMatch(/"value"/);
      }
    } finally {
      await sql.end();
    }
  });
});
