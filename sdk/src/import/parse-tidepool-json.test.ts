import { describe, expect, it } from 'vitest';
import { DeviceFileError } from './device-file.js';
import { parseTidepoolJson } from './parse-tidepool-json.js';

const cbg = {
  type: 'cbg',
  time: '2024-05-01T08:30:00Z',
  timezoneOffset: 120,
  deviceId: 'DexG6_ABC123',
  uploadId: 'upid_1',
  units: 'mmol/L',
  value: 6.2,
};
const upload = {
  type: 'upload',
  time: '2024-05-01T09:00:00Z',
  deviceId: 'DexG6_ABC123',
  uploadId: 'upid_1',
  deviceManufacturers: ['Dexcom'],
  deviceModel: 'G6',
  deviceTags: ['cgm'],
  timezone: 'Europe/Paris',
  computerTime: '2024-05-01T11:00:00',
  version: '1.0.0',
};

describe('parseTidepoolJson', () => {
  it('keeps valid data and puts upload records first', () => {
    const file = parseTidepoolJson(JSON.stringify([cbg, upload]));
    expect(file.skipped).toEqual([]);
    expect(file.upload).toBeUndefined();
    expect(file.data.map((datum) => datum.type)).toEqual(['upload', 'cbg']);
  });

  it('drops the fields a server added when it stored the data, as GET /data answers them', () => {
    const stored = { ...cbg, id: 'd-1', createdTime: '2024-05-01T08:31:00Z', _userId: 'abc' };
    const file = parseTidepoolJson(JSON.stringify([stored]));
    expect(file.data).toEqual([cbg]);
  });

  it("keeps a closed loop's carbs, dosing decisions and device statuses, as Tidepool exports them", () => {
    const loop = {
      id: 'c7e1169fa718cfa015f66293f435ff1f',
      time: '2024-05-01T12:00:00.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'upid_loop',
      origin: { id: 'A1:food', name: 'com.loopkit.Loop', type: 'application' },
      createdTime: '2024-05-01T12:01:00.000Z',
    };
    const exported = [
      {
        ...loop,
        type: 'food',
        name: '🌮',
        nutrition: { carbohydrate: { net: 30, units: 'grams' }, estimatedAbsorptionDuration: 10_800 },
      },
      {
        ...loop,
        type: 'dosingDecision',
        reason: 'loop',
        insulinOnBoard: { amount: 1.2 },
        recommendedBasal: { rate: 0.9, duration: 1_800_000 },
        units: { bg: 'mmol/L', carb: 'grams', insulin: 'Units' },
      },
      { ...loop, type: 'controllerStatus', battery: { remaining: 0.8, units: 'percent' } },
      { ...loop, type: 'pumpStatus', reservoir: { remaining: 120, units: 'Units' } },
    ];
    const file = parseTidepoolJson(JSON.stringify(exported));
    expect(file.skipped).toEqual([]);
    expect(file.data.map((datum) => datum.type)).toEqual([
      'food',
      'dosingDecision',
      'controllerStatus',
      'pumpStatus',
    ]);
  });

  it('keeps water a person logged, and skips an amount past 10 gallons with the reason', () => {
    const water = {
      id: '0f3c1d5e9a7b2c4d6e8f0a1b2c3d4e5f',
      type: 'water',
      time: '2024-05-01T09:00:00.000Z',
      deviceId: 'phone',
      uploadId: 'upid_water',
      amount: { value: 0.5, units: 'liters' },
    };
    const file = parseTidepoolJson(
      JSON.stringify([
        water,
        { ...water, time: '2024-05-01T10:00:00.000Z', amount: { value: 40, units: 'liters' } },
      ]),
    );
    expect(file.data).toEqual([
      { type: 'water', time: water.time, deviceId: 'phone', uploadId: 'upid_water', amount: water.amount },
    ]);
    expect(file.skipped).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('at most') as string }),
    ]);
  });

  it('reports invalid items by their position and keeps the rest', () => {
    const file = parseTidepoolJson(
      JSON.stringify([
        cbg,
        { ...cbg, value: 80 },
        'reading',
        { ...cbg, type: 'telepathy' },
        { ...cbg, flavour: 'x' },
      ]),
    );
    expect(file.data).toHaveLength(1);
    expect(file.skipped.map((entry) => entry.line)).toEqual([2, 3, 4, 5]);
    expect(file.skipped[0]?.reason).toBe('value: A glucose value in mmol/L is between 0 and 55; got 80.');
    expect(file.skipped[1]?.reason).toBe('not an object');
    expect(file.skipped[2]?.reason).toMatch(/^type: Invalid discriminator value/);
    expect(file.skipped[3]?.reason).toMatch(/Unrecognized key\(s\) in object: 'flavour'/);
  });

  it('takes one datum that is not in an array', () => {
    expect(parseTidepoolJson(JSON.stringify(cbg)).data).toEqual([cbg]);
  });

  it('refuses text that is not JSON, or JSON that holds no data', () => {
    expect(() => parseTidepoolJson('Index,Timestamp')).toThrow(DeviceFileError);
    expect(() => parseTidepoolJson('42')).toThrow(/expected an array of data/);
  });
});
