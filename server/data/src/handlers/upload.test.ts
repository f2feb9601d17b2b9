import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { Problem, StoredDatum, UploadResult } from '@tidepool/spec';
import { cgmReadings, send, startDataFixture, uploadRecord, type DataFixture } from '../testing/index.js';

describe.each(databaseBackends())('uploading data on %s', (backend) => {
  let fixture: DataFixture;
  beforeAll(async () => {
    fixture = await startDataFixture(backend);
  }, 60_000);
  afterAll(() => fixture.close());

  const query = async (userid: string, token: string, search = '') =>
    (await (await send(fixture, 'GET', `/${userid}${search}`, { token })).json()) as StoredDatum[];

  it('stores an upload record with its readings and answers what it stored', async () => {
    const patient = fixture.addUser();
    const body = [uploadRecord('upload-1'), ...cgmReadings({ count: 12, uploadId: 'upload-1' })];
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect(response.status).toBe(200);
    expect((await response.json()) as UploadResult).toEqual({
      stored: 13,
      duplicates: 0,
      uploadIds: ['upload-1'],
    });
    const stored = await query(patient.userid, patient.token);
    expect(stored).toHaveLength(13);
    expect(stored.find((datum) => datum.type === 'upload')).toMatchObject({
      deviceSerialNumber: 'SN4X72Q9',
      uploadId: 'upload-1',
      deviceId: 'DexG6_SN4X72Q9',
    });
    const reading = stored.find((datum) => datum.type === 'cbg');
    expect(reading).toMatchObject({ units: 'mmol/L', deviceId: 'DexG6_SN4X72Q9', uploadId: 'upload-1' });
    expect(reading?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(reading?.createdTime ?? '')).toBeGreaterThan(0);
  });

  it('answers a 404 problem to a server uploading for a user id no account has, and stores nothing', async () => {
    const unknown = 'abcdef0123';
    const response = await send(fixture, 'POST', `/${unknown}`, {
      token: fixture.serverToken,
      body: cgmReadings({ count: 3, uploadId: 'nobody' }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as Problem).detail ?? '').not.toContain(unknown);
  });

  it('accepts one datum on its own, not in an array', async () => {
    const patient = fixture.addUser();
    const [reading] = cgmReadings({ count: 1, uploadId: 'single' });
    const response = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: reading,
    });
    expect((await response.json()) as UploadResult).toEqual({
      stored: 1,
      duplicates: 0,
      uploadIds: ['single'],
    });
  });

  it('stores nothing of a batch with one invalid datum, and names its index', async () => {
    const patient = fixture.addUser();
    const body: unknown[] = cgmReadings({ count: 5, uploadId: 'upload-bad' });
    body[3] = { ...(body[3] as object), value: 5000 };
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ location: 'body', path: '3.value' })]);
    expect(await query(patient.userid, patient.token)).toEqual([]);
  });

  it('deduplicates a re-upload, also within one request and across uploads, and says how many', async () => {
    const patient = fixture.addUser();
    const readings = cgmReadings({ count: 20, uploadId: 'first' });
    const first = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [...readings, readings[0]],
    });
    expect((await first.json()) as UploadResult).toEqual({ stored: 20, duplicates: 1, uploadIds: ['first'] });
    const again = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: readings });
    expect((await again.json()) as UploadResult).toEqual({ stored: 0, duplicates: 20, uploadIds: ['first'] });
    // The same readings in a later upload, one of them with another value.
    const later = cgmReadings({ count: 20, uploadId: 'second' });
    later[5] = { ...later[5], value: 300 } as (typeof later)[number];
    const third = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: later });
    expect((await third.json()) as UploadResult).toEqual({
      stored: 1,
      duplicates: 19,
      uploadIds: ['second'],
    });
    expect(await query(patient.userid, patient.token)).toHaveLength(21);
  });

  it('takes the same instant written with another offset as the same datum', async () => {
    const patient = fixture.addUser();
    const [reading] = cgmReadings({ count: 1, uploadId: 'offsets', start: '2024-05-01T08:30:00Z' });
    await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: [reading] });
    const shifted = { ...reading, time: '2024-05-01T10:30:00.000+02:00' };
    const response = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [shifted],
    });
    expect((await response.json()) as UploadResult).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('stores mg/dL glucose as mmol/L, in readings, wizard inputs, pump settings and overrides', async () => {
    const patient = fixture.addUser();
    const common = { time: '2024-05-02T12:00:00Z', deviceId: 'pump-1', uploadId: 'units' };
    const body = [
      { ...common, type: 'smbg', units: 'mg/dL', value: 180.1559 },
      { ...common, type: 'cbg', units: 'mmol/L', value: 6.2 },
      {
        ...common,
        type: 'wizard',
        units: 'mg/dl',
        bgInput: 90.07795,
        insulinSensitivity: 36.03118,
        bgTarget: { low: 90.07795, high: 126.10913 },
      },
      {
        ...common,
        type: 'pumpSettings',
        activeSchedule: 'standard',
        basalSchedules: { standard: [{ start: 0, rate: 0.8 }] },
        bgTarget: [{ start: 0, target: 108.09354 }],
        insulinSensitivity: [{ start: 0, amount: 54.04677 }],
        units: { carb: 'grams', bg: 'mg/dL' },
        basal: { rateMaximum: { units: 'Units/hour', value: 3 } },
        bolus: { amountMaximum: { units: 'Units', value: 10 }, extended: { enabled: true } },
        manufacturers: ['Insulet'],
        model: 'Omnipod DASH',
        serialNumber: 'PDM-1234',
      },
      {
        ...common,
        type: 'deviceEvent',
        subType: 'pumpSettingsOverride',
        overrideType: 'physicalActivity',
        duration: 3_600_000,
        bgTarget: { low: 144.12472, high: 162.14031 },
        units: { bg: 'mg/dL' },
        basalRateScaleFactor: 0.5,
      },
    ];
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect(response.status).toBe(200);
    const stored = await query(patient.userid, patient.token);
    const byType = Object.fromEntries(stored.map((datum) => [datum.type, datum as Record<string, unknown>]));
    expect(byType.smbg).toMatchObject({ units: 'mmol/L' });
    expect(byType.smbg?.value).toBeCloseTo(10, 9);
    expect(byType.cbg).toMatchObject({ units: 'mmol/L', value: 6.2 });
    expect(byType.wizard).toMatchObject({ units: 'mmol/L' });
    expect(byType.wizard?.bgInput).toBeCloseTo(5, 9);
    expect(byType.wizard?.insulinSensitivity).toBeCloseTo(2, 9);
    expect((byType.wizard?.bgTarget as { high: number }).high).toBeCloseTo(7, 9);
    expect(byType.pumpSettings?.units).toEqual({ carb: 'grams', bg: 'mmol/L' });
    // The limits, maker and serial number come back as they went (the serial number sealed apart).
    expect(byType.pumpSettings).toMatchObject({
      basal: { rateMaximum: { units: 'Units/hour', value: 3 } },
      bolus: { amountMaximum: { units: 'Units', value: 10 }, extended: { enabled: true } },
      manufacturers: ['Insulet'],
      model: 'Omnipod DASH',
      serialNumber: 'PDM-1234',
    });
    expect((byType.pumpSettings?.bgTarget as { target: number }[])[0]?.target).toBeCloseTo(6, 9);
    expect((byType.pumpSettings?.insulinSensitivity as { amount: number }[])[0]?.amount).toBeCloseTo(3, 9);
    const override = byType.deviceEvent;
    expect(override).toMatchObject({ units: { bg: 'mmol/L' }, basalRateScaleFactor: 0.5 });
    const target = override?.bgTarget as { low: number; high: number };
    expect(target.low).toBeCloseTo(8, 9);
    expect(target.high).toBeCloseTo(9, 9);
  });

  it('stores blood ketones in mmol/L spelt one way, the same reading spelt the other being a duplicate', async () => {
    const patient = fixture.addUser();
    const ketone = {
      type: 'bloodKetone',
      time: '2024-05-02T07:00:00.000Z',
      deviceId: 'meter-1',
      uploadId: 'ketones',
      units: 'mmol/l',
      value: 1.4,
    };
    const first = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: [ketone] });
    expect((await first.json()) as UploadResult).toMatchObject({ stored: 1, duplicates: 0 });
    const again = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [{ ...ketone, units: 'mmol/L' }],
    });
    expect((await again.json()) as UploadResult).toMatchObject({ stored: 0, duplicates: 1 });
    const stored = await query(patient.userid, patient.token, '?type=bloodKetone');
    expect(stored.map(({ id: _id, createdTime: _created, ...datum }) => datum)).toEqual([
      { ...ketone, units: 'mmol/L' },
    ]);
    const tooHigh = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [{ ...ketone, value: 12 }],
    });
    expect(tooHigh.status).toBe(400);
    expect(((await tooHigh.json()) as Problem).errors).toEqual([
      expect.objectContaining({ path: '0.value' }),
    ]);
  });

  it('stores exercise and reported states as they came, their words sealed apart, and answers them', async () => {
    const patient = fixture.addUser();
    const common = { deviceId: 'phone-1', uploadId: 'diary' };
    const body = [
      {
        ...common,
        type: 'physicalActivity',
        time: '2024-05-02T18:00:00.000Z',
        activityType: 'other',
        activityTypeOther: 'Parkour',
        reportedIntensity: 'high',
        duration: { units: 'minutes', value: 40 },
      },
      {
        ...common,
        type: 'reportedState',
        time: '2024-05-02T19:00:00.000Z',
        states: [
          { state: 'illness', severity: 6 },
          { state: 'other', stateOther: 'Jet lag' },
        ],
      },
    ];
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect((await response.json()) as UploadResult).toMatchObject({ stored: 2, duplicates: 0 });
    const stored = await query(patient.userid, patient.token, '?type=physicalActivity,reportedState');
    expect(stored.map(({ id: _id, createdTime: _created, ...datum }) => datum)).toEqual(body);
    const refused = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [{ ...body[0], time: '2024-05-03T18:00:00.000Z', duration: { units: 'hours', value: 200 } }],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({
        path: '0.duration.value',
        message: 'An activity lasts at most a week: 168 hours.',
      }),
    ]);
  });

  it("stores a closed loop's basal and boluses as they came, with the rates they replaced", async () => {
    const patient = fixture.addUser();
    const common = { deviceId: 'loop-pump-1', uploadId: 'loop' };
    const scheduled = { type: 'basal', deliveryType: 'scheduled', rate: 0.8, scheduleName: 'Standard' };
    const body = [
      {
        ...common,
        type: 'basal',
        time: '2024-05-02T08:00:00.000Z',
        deliveryType: 'automated',
        duration: 300_000,
        rate: 1.35,
        scheduleName: 'Standard',
        suppressed: scheduled,
        insulinFormulation: { simple: { actingType: 'rapid', brand: 'Fiasp' } },
      },
      {
        ...common,
        type: 'basal',
        time: '2024-05-02T08:05:00.000Z',
        deliveryType: 'suspend',
        duration: 600_000,
        suppressed: { type: 'basal', deliveryType: 'temp', rate: 0.4, percent: 0.5, suppressed: scheduled },
      },
      {
        ...common,
        type: 'bolus',
        time: '2024-05-02T08:20:00.000Z',
        subType: 'automated',
        normal: 0.35,
        expectedNormal: 0.4,
        deliveryContext: 'algorithm',
        // Common fields a phone app adds: sealed apart with the patient's key, answered as they came.
        timezone: 'Europe/Paris',
        timezoneOffset: 120,
        tags: ['loop'],
        location: { name: 'Home' },
        origin: { id: 'loop-dose-1', name: 'com.loopkit.Loop', type: 'application' },
      },
    ];
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect((await response.json()) as UploadResult).toEqual({
      stored: 3,
      duplicates: 0,
      uploadIds: ['loop'],
    });
    const stored = await query(patient.userid, patient.token, '?type=basal,bolus');
    expect(stored.map(({ id: _id, createdTime: _created, ...datum }) => datum)).toEqual(body);
    expect(await query(patient.userid, patient.token, '?type=bolus&subType=automated')).toHaveLength(1);
    // A scheduled rate replaces nothing: the problem names the field, and nothing of the batch is stored.
    const refused = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [{ ...body[0], time: '2024-05-02T09:00:00.000Z', deliveryType: 'scheduled' }],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({
        path: '0.suppressed.deliveryType',
        message: 'A scheduled basal replaces no other: it has no `suppressed`.',
      }),
    ]);
    expect(await query(patient.userid, patient.token, '?type=basal')).toHaveLength(2);
  });

  it("stores a closed loop's CGM readings with their trend, carb entries, dosing decisions, device statuses and phone settings, glucose in mmol/L, and answers them", async () => {
    const patient = fixture.addUser();
    const common = { deviceId: 'Loop-phone', uploadId: 'loop' };
    const nutrition = { carbohydrate: { net: 45, units: 'grams' }, estimatedAbsorptionDuration: 10_800 };
    const carbs = { ...common, type: 'food', time: '2024-05-02T12:00:00.000Z', name: '🌮', nutrition };
    const decision = {
      ...common,
      type: 'dosingDecision',
      time: '2024-05-02T12:00:30.000Z',
      reason: 'normalBolus',
      food: { time: carbs.time, nutrition },
      smbg: { time: '2024-05-02T11:58:00.000Z', value: 180.1559 },
      bgHistorical: [{ time: '2024-05-02T11:55:00.000Z', value: 90.07795 }],
      bgForecast: [{ time: '2024-05-02T12:05:00.000Z', value: -18.01559 }],
      bgTargetSchedule: [{ start: 0, low: 90.07795, high: 108.09354 }],
      insulinOnBoard: { amount: -0.4 },
      carbsOnBoard: { amount: 45 },
      recommendedBolus: { amount: 3.5 },
      requestedBolus: { amount: 3 },
      warnings: [{ id: 'glucoseTooOld', metadata: { minutes: 16 } }],
      units: { bg: 'mg/dL', carb: 'grams', insulin: 'Units' },
    };
    const phone = {
      ...common,
      type: 'controllerStatus',
      time: '2024-05-02T12:00:31.000Z',
      battery: { state: 'unplugged', remaining: 0.42, units: 'percent' },
    };
    const pump = {
      ...common,
      type: 'pumpStatus',
      time: '2024-05-02T12:00:32.000Z',
      basalDelivery: { state: 'scheduled', time: '2024-05-02T11:00:00.000Z' },
      bolusDelivery: { state: 'delivering', dose: { amount: 3, amountDelivered: 0.5 } },
      reservoir: { remaining: 87.5, units: 'Units' },
    };
    const phoneSettings = {
      ...common,
      type: 'controllerSettings',
      time: '2024-05-02T12:00:33.000Z',
      device: { manufacturers: ['Apple'], model: 'iPhone15,2', name: 'My phone' },
      notifications: { authorization: 'authorized', criticalAlert: true },
    };
    const reading = {
      ...common,
      type: 'cbg',
      time: '2024-05-02T11:59:00.000Z',
      units: 'mg/dL',
      value: 180.1559,
      trend: 'slowFall',
      trendRate: -1.801559,
    };
    const response = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [reading, carbs, decision, phone, pump, phoneSettings],
    });
    expect((await response.json()) as UploadResult).toMatchObject({ stored: 6, duplicates: 0 });
    const [storedReading] = await query(patient.userid, patient.token, '?type=cbg');
    expect(storedReading).toMatchObject({
      ...reading,
      units: 'mmol/L',
      value: expect.closeTo(10, 9) as number,
      trendRate: expect.closeTo(-0.1, 9) as number,
    });
    const stored = await query(
      patient.userid,
      patient.token,
      '?type=food,dosingDecision,controllerStatus,pumpStatus,controllerSettings',
    );
    const [food, answered, ...statuses] = stored.map(({ id: _id, createdTime: _created, ...datum }) => datum);
    expect(food).toEqual(carbs);
    expect(statuses).toEqual([phone, pump, phoneSettings]);
    expect(answered).toMatchObject({
      ...decision,
      units: { bg: 'mmol/L', carb: 'grams', insulin: 'Units' },
      smbg: { time: decision.smbg.time, value: expect.closeTo(10, 9) as number },
      bgHistorical: [{ time: decision.bgHistorical[0]?.time, value: expect.closeTo(5, 9) as number }],
      bgForecast: [{ time: decision.bgForecast[0]?.time, value: expect.closeTo(-1, 9) as number }],
      bgTargetSchedule: [
        { start: 0, low: expect.closeTo(5, 9) as number, high: expect.closeTo(6, 9) as number },
      ],
    });
    const refused = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [{ ...decision, time: '2024-05-02T12:05:30.000Z', smbg: { value: 1200 } }],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({
        path: '0.smbg.value',
        message: 'A glucose value in mg/dL is between 0 and 1000; got 1200.',
      }),
    ]);
  });

  it('stores water as it was sent and answers it by type', async () => {
    const patient = fixture.addUser();
    const water = {
      type: 'water',
      time: '2024-05-02T10:00:00.000Z',
      deviceId: 'phone',
      uploadId: 'water',
      amount: { value: 16, units: 'ounces' },
    };
    const response = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [water],
    });
    expect((await response.json()) as UploadResult).toMatchObject({ stored: 1, duplicates: 0 });
    const stored = await query(patient.userid, patient.token, '?type=water');
    expect(stored.map(({ id: _id, createdTime: _created, ...datum }) => datum)).toEqual([water]);
    const refused = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [{ ...water, time: '2024-05-02T11:00:00.000Z', amount: { value: 11, units: 'gallons' } }],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({
        path: '0.amount.value',
        message: 'A water datum holds at most 10 gallons.',
      }),
    ]);
    expect(await query(patient.userid, patient.token, '?type=water')).toHaveLength(1);
  });

  it("stores a closed loop's pump settings with every glucose limit and target in mmol/L", async () => {
    const patient = fixture.addUser();
    const settings = {
      type: 'pumpSettings',
      time: '2024-05-02T08:00:00.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'loop-settings',
      activeSchedule: 'Default',
      automatedDelivery: true,
      basalSchedule: [{ start: 0, rate: 0.85 }],
      bgSafetyLimit: 72.06236,
      bgTargetPreprandial: { low: 90.07795, high: 108.09354 },
      overridePresets: {
        Running: {
          abbreviation: '🏃',
          basalRateScaleFactor: 0.5,
          bgTarget: { low: 144.12472, high: 162.14031 },
        },
      },
      insulinModel: {
        modelType: 'rapidAdult',
        actionDelay: 600,
        actionDuration: 21_600,
        actionPeakOffset: 4500,
      },
      display: { bloodGlucose: { units: 'mg/dL' } },
      sleepSchedules: [{ enabled: true, days: ['friday', 'saturday'], start: 84_600, end: 32_400 }],
      boluses: { Default: { calculator: { enabled: true, insulin: { duration: 5, units: 'hours' } } } },
      units: { bg: 'mg/dL', carb: 'grams', insulin: 'Units' },
    };
    const response = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: [settings],
    });
    expect((await response.json()) as UploadResult).toMatchObject({ stored: 1, duplicates: 0 });
    const [stored] = await query(patient.userid, patient.token, '?type=pumpSettings');
    const mmol = (value: number) => expect.closeTo(value, 9) as number;
    expect(stored).toMatchObject({
      ...settings,
      bgSafetyLimit: mmol(4),
      bgTargetPreprandial: { low: mmol(5), high: mmol(6) },
      overridePresets: {
        Running: { abbreviation: '🏃', basalRateScaleFactor: 0.5, bgTarget: { low: mmol(8), high: mmol(9) } },
      },
      units: { bg: 'mmol/L', carb: 'grams', insulin: 'Units' },
    });
  });

  it('stores insulin injections as they came, finds them by type, and knows one uploaded again', async () => {
    const patient = fixture.addUser();
    const common = { deviceId: 'pen-1', uploadId: 'injections' };
    const body = [
      {
        ...common,
        type: 'insulin',
        time: '2024-05-02T07:30:00.000Z',
        dose: { total: 6, units: 'Units', food: 5, correction: 1 },
        formulation: { simple: { actingType: 'rapid', brand: 'NovoRapid' } },
        site: 'abdomen',
      },
      {
        ...common,
        type: 'insulin',
        time: '2024-05-02T21:00:00.000Z',
        dose: { total: 18, units: 'Units' },
        formulation: { simple: { actingType: 'long' } },
      },
      ...cgmReadings({ count: 2, uploadId: 'injections', start: '2024-05-02T07:00:00Z' }),
    ];
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect((await response.json()) as UploadResult).toEqual({
      stored: 4,
      duplicates: 0,
      uploadIds: ['injections'],
    });
    const injections = await query(patient.userid, patient.token, '?type=insulin');
    expect(injections.map(({ id: _id, createdTime: _created, ...datum }) => datum)).toEqual(body.slice(0, 2));
    const again = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: body.slice(0, 2),
    });
    expect((await again.json()) as UploadResult).toMatchObject({ stored: 0, duplicates: 2 });
    // A mix given as Tidepool's `compounds` is not taken (its `name` is): the problem says so, nothing is stored.
    const mix = {
      ...body[1],
      time: '2024-05-03T21:00:00Z',
      formulation: { compounds: [{ amount: 70, formulation: { simple: { actingType: 'intermediate' } } }] },
    };
    const refused = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body: [mix] });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as Problem;
    expect(problem.errors).toEqual([
      { location: 'body', path: '0.formulation.compounds', message: 'Unknown field.' },
      {
        location: 'body',
        path: '0.formulation.simple',
        message: expect.stringContaining('`name`') as string,
      },
    ]);
    expect(await query(patient.userid, patient.token, '?type=insulin')).toHaveLength(2);
  });

  it('answers 400 problems for bad input: unknown fields, wrong types, empty arrays, not JSON', async () => {
    const patient = fixture.addUser();
    const [reading] = cgmReadings({ count: 1, uploadId: 'bad' });
    const cases: unknown[] = [
      { ...reading, colour: 'blue' },
      { ...reading, value: 'high' },
      [],
      { type: 'nothing' },
    ];
    for (const body of cases) {
      const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const notJson = await fetch(`${fixture.url}/${patient.userid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tidepool-session-token': patient.token },
      body: '[{"type":',
    });
    expect(notJson.status).toBe(400);
    expect(await query(patient.userid, patient.token)).toEqual([]);
  });

  it('answers 400 to an array of more than 10000 data', async () => {
    const patient = fixture.addUser();
    const body = cgmReadings({ count: 10_001, uploadId: 'too-many' });
    const response = await send(fixture, 'POST', `/${patient.userid}`, { token: patient.token, body });
    expect(response.status).toBe(400);
  });
});
