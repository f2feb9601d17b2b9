import { createHash, createHmac } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageName, type Pair } from '@tidepool/kit';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Datum, DatumType } from '@tidepool/spec';
import { IDENTIFYING_FIELDS, isIdentifying } from '../datum/datum-parts.js';
import { exportResearchData } from '../research/research-export.js';
import { resultRows } from './result-rows.js';
import {
  cgmReadings,
  send,
  startDataFixture,
  uploadRecord,
  type DataFixture,
  type FixtureUser,
} from '../testing/index.js';

/** Distinctive identifying values, so that any copy of them in clear is found. */
const SECRETS = {
  deviceId: 'InsuletOmnipod-PDM-Q7Z3X9',
  serial: 'SERIAL-ZX81-7734',
  uploadId: 'upload-omnipod-2024-05-01',
  note: 'Felt dizzy after the bike ride with Marguerite',
  annotation: 'sensor-was-on-left-arm',
  guid: 'guid-3f9d2c77-aa01',
  site: 'behind-the-tattoo-of-Marguerite',
  activity: 'Juggling-with-Marguerite',
  state: 'Hangover-after-Marguerites-wedding',
  tag: 'Marguerites-birthday-party',
  url: 'https://photos.example.org/marguerite-7731',
  place: 'Marguerites-house-on-Elm-Street',
  // Where it happened: the zone's name and a position (its digits as JSON writes them).
  zone: 'America/Boise',
  latitude: '43.615031',
  meal: 'Lunch-at-Marguerites-office',
  // What a dosing app attached to a warning, in its own free form.
  warning: 'phone-of-Marguerite-Dupont',
  // A settings preset by the name the person gave it, and the pump's own name.
  preset: 'Tennis-with-Marguerite',
  pumpName: 'Marguerites-pump',
  phone: 'Marguerites-iPhone',
  // What an app attached to an alert, in its own free form.
  alertParameter: 'called-Marguerite-at-3am',
  // The zone a pump's clock was moved to.
  zoneMovedTo: 'Pacific/Chatham',
  // The id an uploader gave the bolus a wizard led to.
  bolusId: 'bolus-7f3a-marguerite',
  // The pump a dosing app drives, by its own id.
  pumpId: 'Omnipod-of-Marguerite-0x7F3A',
};

function patientData(): Datum[] {
  const common = { deviceId: SECRETS.deviceId, uploadId: SECRETS.uploadId };
  return [
    { ...uploadRecord(SECRETS.uploadId, SECRETS.deviceId), deviceSerialNumber: SECRETS.serial },
    ...cgmReadings({ count: 5, ...common }),
    {
      ...common,
      type: 'smbg',
      time: '2024-05-01T07:00:00Z',
      units: 'mg/dL',
      value: 123,
      notes: [SECRETS.note],
      annotations: [{ code: SECRETS.annotation }],
      guid: SECRETS.guid,
      timezone: SECRETS.zone,
      timezoneOffset: -360,
      tags: [SECRETS.tag],
      associations: [{ type: 'url', url: SECRETS.url, reason: 'photo' }],
      location: {
        name: SECRETS.place,
        gps: {
          latitude: { units: 'degrees', value: Number(SECRETS.latitude) },
          longitude: { units: 'degrees', value: -116.2023 },
        },
      },
    },
    {
      ...common,
      type: 'insulin',
      time: '2024-05-01T21:00:00Z',
      dose: { total: 18, units: 'Units' },
      formulation: { simple: { actingType: 'long' } },
      site: SECRETS.site,
    },
    {
      ...common,
      type: 'food',
      time: '2024-05-01T12:00:00Z',
      meal: 'other',
      mealOther: SECRETS.meal,
      nutrition: { carbohydrate: { net: 40, units: 'grams' }, estimatedAbsorptionDuration: 10_800 },
    },
    {
      ...common,
      type: 'dosingDecision',
      time: '2024-05-01T12:01:00Z',
      reason: 'normalBolus',
      bgHistorical: [{ time: '2024-05-01T11:55:00Z', value: 144 }],
      requestedBolus: { amount: 4 },
      warnings: [{ id: 'glucoseTooOld', metadata: { device: SECRETS.warning } }],
      units: { bg: 'mg/dL', carb: 'grams' },
    },
    {
      ...common,
      type: 'pumpSettings',
      time: '2024-05-01T13:00:00Z',
      activeSchedule: 'Default',
      basalSchedules: { Default: [{ start: 0, rate: 0.9 }] },
      bgSafetyLimit: 72,
      bolus: { amountMaximum: { units: 'Units', value: 12 } },
      name: SECRETS.pumpName,
      overridePresets: { [SECRETS.preset]: { basalRateScaleFactor: 0.5, bgTarget: { low: 140, high: 160 } } },
      units: { bg: 'mg/dL', carb: 'grams' },
    },
    {
      ...common,
      type: 'controllerSettings',
      time: '2024-05-01T14:00:00Z',
      device: { name: SECRETS.phone, manufacturers: ['Apple'] },
      notifications: { criticalAlert: true },
    },
    {
      ...common,
      type: 'alert',
      time: '2024-05-01T15:00:00Z',
      name: 'glucoseLow',
      priority: 'critical',
      issuedTime: '2024-05-01T15:00:00Z',
      parameters: { note: SECRETS.alertParameter },
    },
    {
      ...common,
      type: 'deviceEvent',
      subType: 'timeChange',
      time: '2024-05-01T16:00:00Z',
      to: { time: '2024-05-02T04:45:00', timeZoneName: SECRETS.zoneMovedTo },
      method: 'manual',
    },
    {
      ...common,
      type: 'wizard',
      time: '2024-05-01T17:00:00Z',
      units: 'mg/dL',
      carbInput: 60,
      bolus: SECRETS.bolusId,
    },
    {
      ...common,
      type: 'physicalActivity',
      time: '2024-05-01T18:00:00Z',
      activityType: 'other',
      activityTypeOther: SECRETS.activity,
      duration: { units: 'minutes', value: 40 },
    },
    {
      ...common,
      type: 'reportedState',
      time: '2024-05-01T19:00:00Z',
      states: [{ state: 'other', stateOther: SECRETS.state }],
    },
    {
      ...common,
      type: 'pumpStatus',
      time: '2024-05-01T22:00:00Z',
      reservoir: { remaining: 87.5, units: 'Units' },
      device: { id: SECRETS.pumpId, manufacturer: 'Insulet', firmwareVersion: '4.10.0' },
    },
    { ...common, type: 'water', time: '2024-05-01T23:00:00Z', amount: { value: 500, units: 'milliliters' } },
  ];
}

/** Every row of every table of the data database, as PostgreSQL prints it. */
async function dumpTables(fixture: DataFixture): Promise<string> {
  const lines: string[] = [];
  for (const table of ['data', 'reading_blocks', 'sources']) {
    const result = await fixture.database.db.execute(sql.raw(`select t::text as line from ${table} t`));
    lines.push(...resultRows<{ line: string }>(result).map((row) => row.line));
  }
  return lines.join('\n');
}

/** Every way a value could appear in the dump: as text, and as the hex of its bytes (bytea prints hex). */
function forms(value: string): string[] {
  return [value, Buffer.from(value, 'utf8').toString('hex')];
}

describe.each(databaseBackends())(
  'what the data database and the research export reveal, on %s',
  (backend) => {
    let fixture: DataFixture;
    let patient: FixtureUser;
    let pair: Pair;
    beforeAll(async () => {
      fixture = await startDataFixture(backend);
      patient = fixture.addUser();
      pair = await fixture.pairs.pairOf(patient.userid, 'data');
      const response = await send(fixture, 'POST', `/${patient.userid}`, {
        token: patient.token,
        body: patientData(),
      });
      if (response.status !== 200) throw new Error(`upload answered ${response.status}`);
    }, 60_000);
    afterAll(() => fixture.close());

    it('holds no user id, pair, device id, serial number, upload id or note text in clear', async () => {
      const dump = await dumpTables(fixture);
      // Rows for the thirteen data with identifying fields (the upload record, the meter reading
      // with notes, the food with the meal in the person's words, the dosing decision with its
      // warning, the pump settings with their presets' and the pump's names, the phone, the
      // alert with its parameters, the time change with its zone, the wizard with the id of its
      // bolus, the injection with its site, the activity and the states in the person's words,
      // the pump's status with the pump), fifteen reading blocks (one per type of the day; the
      // five CGM readings and the water have no rows) and their one source.
      expect(dump.split('\n').length).toBe(13 + 15 + 1);
      for (const secret of [patient.userid, pair.id, pair.hash, ...Object.values(SECRETS)]) {
        for (const form of forms(secret)) expect(dump).not.toContain(form);
      }
      // Nor the de-identified values: 123 mg/dL is stored as mmol/L only inside envelopes.
      expect(dump).not.toContain('mmol');
    });

    it('stores under a name that only the deploy salt makes from the pair id', async () => {
      const dump = await dumpTables(fixture);
      const names = new Set([...dump.matchAll(/\b[0-9a-f]{64}\b/g)].map((match) => match[0]));
      const expected = storageName(fixture.config.DATA_SALT_DEPLOY, pair.id);
      expect(names).toContain(expected);
      const withoutSalt = [patient.userid, pair.id, Buffer.from(pair.id, 'hex')].flatMap((input) => [
        createHash('sha256').update(input).digest('hex'),
        createHmac('sha256', '').update(input).digest('hex'),
        createHmac('sha256', pair.hash).update(input).digest('hex'),
      ]);
      for (const guess of withoutSalt) expect(names).not.toContain(guess);
    });

    it('exports de-identified readings by an anonymous subject, without identifying fields or storage names', async () => {
      const output = new PassThrough();
      const chunks: Buffer[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk));
      const result = await exportResearchData({
        db: fixture.database.db,
        ring: fixture.config.DATA_SALT_DEPLOY,
        output,
      });
      output.end();
      const text = Buffer.concat(chunks).toString('utf8');
      const lines = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      // The upload record is identifying as a whole: five CGM readings, the meter reading, the
      // food without the person's words for the meal, the dosing decision without its warnings,
      // the pump settings without the names of the pump and of the presets, the phone's
      // notification settings without the phone, the alert without its name and parameters, the
      // time change without where the clock went, the wizard without the id of its bolus,
      // the injection without where it went, the activity without its own words for what it
      // was, that the person reported a state, without which, the pump's status without the
      // pump, and the water.
      expect(result).toEqual({ subjects: 1, lines: 18 });
      expect(lines.map((line) => line.type)).toEqual([
        'cbg',
        'cbg',
        'cbg',
        'cbg',
        'cbg',
        'smbg',
        'food',
        'dosingDecision',
        'pumpSettings',
        'controllerSettings',
        'alert',
        'deviceEvent',
        'wizard',
        'physicalActivity',
        'reportedState',
        'insulin',
        'pumpStatus',
        'water',
      ]);
      expect(lines[5]).toMatchObject({ units: 'mmol/L', time: '2024-05-01T07:00:00.000Z' });
      expect(lines[5]?.value).toBeCloseTo(123 / 18.01559, 9);
      expect(lines[6]).toEqual({
        subject: lines[0]?.subject,
        type: 'food',
        time: '2024-05-01T12:00:00.000Z',
        meal: 'other',
        nutrition: { carbohydrate: { net: 40, units: 'grams' }, estimatedAbsorptionDuration: 10_800 },
      });
      expect(lines[7]).toMatchObject({
        subject: lines[0]?.subject,
        type: 'dosingDecision',
        time: '2024-05-01T12:01:00.000Z',
        reason: 'normalBolus',
        requestedBolus: { amount: 4 },
        units: { bg: 'mmol/L', carb: 'grams' },
      });
      expect(lines[7]?.bgHistorical).toEqual([
        { time: '2024-05-01T11:55:00Z', value: expect.closeTo(144 / 18.01559, 9) as number },
      ]);
      expect(lines[8]).toMatchObject({
        subject: lines[0]?.subject,
        type: 'pumpSettings',
        activeSchedule: 'Default',
        units: { bg: 'mmol/L', carb: 'grams' },
      });
      expect(lines[8]?.bgSafetyLimit).toBeCloseTo(72 / 18.01559, 9);
      expect(lines[8]).not.toHaveProperty('overridePresets');
      // A pump's bolus limits are readings; only a wizard's `bolus` (the id of the bolus it gave) is sealed.
      expect(lines[8]?.bolus).toEqual({ amountMaximum: { units: 'Units', value: 12 } });
      expect(lines[9]).toEqual({
        subject: lines[0]?.subject,
        type: 'controllerSettings',
        time: '2024-05-01T14:00:00.000Z',
        notifications: { criticalAlert: true },
      });
      expect(lines[10]).toEqual({
        subject: lines[0]?.subject,
        type: 'alert',
        time: '2024-05-01T15:00:00.000Z',
        priority: 'critical',
        issuedTime: '2024-05-01T15:00:00Z',
      });
      expect(lines[11]).toEqual({
        subject: lines[0]?.subject,
        type: 'deviceEvent',
        subType: 'timeChange',
        time: '2024-05-01T16:00:00.000Z',
        method: 'manual',
      });
      expect(lines[12]).toEqual({
        subject: lines[0]?.subject,
        type: 'wizard',
        time: '2024-05-01T17:00:00.000Z',
        units: 'mmol/L',
        carbInput: 60,
      });
      expect(lines[13]).toEqual({
        subject: lines[0]?.subject,
        type: 'physicalActivity',
        time: '2024-05-01T18:00:00.000Z',
        activityType: 'other',
        duration: { units: 'minutes', value: 40 },
      });
      expect(lines[14]).toEqual({
        subject: lines[0]?.subject,
        type: 'reportedState',
        time: '2024-05-01T19:00:00.000Z',
      });
      expect(lines[15]).toEqual({
        subject: lines[0]?.subject,
        type: 'insulin',
        time: '2024-05-01T21:00:00.000Z',
        dose: { total: 18, units: 'Units' },
        formulation: { simple: { actingType: 'long' } },
      });
      expect(lines.slice(16)).toEqual([
        {
          subject: lines[0]?.subject,
          type: 'pumpStatus',
          time: '2024-05-01T22:00:00.000Z',
          reservoir: { remaining: 87.5, units: 'Units' },
        },
        {
          subject: lines[0]?.subject,
          type: 'water',
          time: '2024-05-01T23:00:00.000Z',
          amount: { value: 500, units: 'milliliters' },
        },
      ]);
      const subject = lines[0]?.subject as string;
      expect(subject).toMatch(/^[0-9a-f]{32}$/);
      expect(new Set(lines.map((line) => line.subject))).toEqual(new Set([subject]));
      for (const line of lines) {
        for (const field of [...IDENTIFYING_FIELDS, 'deviceId', 'uploadId', 'id', 'deviceSerialNumber'])
          expect(line).not.toHaveProperty(field);
        for (const field of Object.keys(line))
          expect(isIdentifying(line.type as DatumType, field)).toBe(false);
      }
      const dump = await dumpTables(fixture);
      for (const name of new Set([...dump.matchAll(/\b[0-9a-f]{64}\b/g)].map((match) => match[0]))) {
        expect(text).not.toContain(name);
        expect(text).not.toContain(name.slice(0, 32));
      }
      for (const secret of [patient.userid, pair.id, ...Object.values(SECRETS)])
        expect(text).not.toContain(secret);
    });
  },
);
