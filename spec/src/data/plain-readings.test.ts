import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatumSchema, MAXIMUM_DATA_PER_REQUEST, UploadBodySchema } from '@tidepool/spec';
import { isPlainReading } from './plain-readings.js';

const ABSENT = Symbol('absent');

/** `DatumSchema` without its quick check: zod's walk alone, the rule the quick check must follow. */
const zodWalk = new z.ZodEffects(DatumSchema._def);

/** Values of each field, valid and not, including the edges of every rule of the schema. */
const VARIANTS: Readonly<Record<string, readonly unknown[]>> = {
  type: ['cbg', 'smbg', 'basal', 'CBG', 7, ABSENT],
  subType: [ABSENT, 'manual', 'linked', 'other', null],
  time: [
    '2024-05-01T08:30:00Z',
    '2024-05-01T08:30:00.123Z',
    '2024-05-01T08:30:00.123456789Z',
    '2024-05-01T10:30:00+02:00',
    '2024-05-01T10:30:00+0200',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T08:30Z',
    '2024-05-01T08:30:00',
    '2024-05-01 08:30:00Z',
    ' 2024-05-01T08:30:00Z',
    'yesterday',
    1714552200000,
    ABSENT,
  ],
  deviceId: ['DexG7_1', 'd'.repeat(256), 'd'.repeat(257), '', 5, ABSENT],
  uploadId: ['upload-1', 'u'.repeat(64), 'u'.repeat(65), '', null, ABSENT],
  units: ['mg/dL', 'mg/dl', 'mmol/L', 'mmol/l', 'mg', 'MMOL/L', ABSENT],
  value: [0, -0, 5.5, 55, 55.01, 112, 1000, 1000.5, -1, Number.NaN, Infinity, '112', null, ABSENT],
  timezoneOffset: [ABSENT, 120, -1440, 1440, 1441, 1.5, '120'],
  clockDriftOffset: [ABSENT, 0, -5, 1.5],
  conversionOffset: [ABSENT, 3, 'x'],
  deviceTime: [ABSENT, '2024-05-01T08:30:00', '2024-05-01T08:30:00Z', '2024-05-01'],
  guid: [ABSENT, 'g', 'g'.repeat(128), 'g'.repeat(129), ''],
  timezone: [
    ABSENT,
    'Europe/Paris',
    'America/Argentina/Buenos_Aires',
    'UTC',
    'Etc/GMT+5',
    'z'.repeat(64),
    'z'.repeat(65),
    'Pacific Time',
    '/Paris',
    '',
    5,
  ],
  trend: [ABSENT, 'constant', 'rapidFall', 'sideways', 1],
  trendRate: [ABSENT, 0.1, -100, 100, 100.5, Number.NaN, Infinity, '0.1'],
  sampleInterval: [ABSENT, 300_000, 86_400_000, 86_400_001, 1.5],
  backfilled: [ABSENT, true, 'yes'],
  notes: [ABSENT, ['a note']],
  payload: [
    ABSENT,
    {},
    { transmitterTime: 486799 },
    { nested: { trend: 'flat', rate: [1, 2] } },
    JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown,
    Object.create(null) as unknown,
    [],
    null,
    'payload',
  ],
  origin: [ABSENT, { name: 'com.dexcom.clarity' }, [], 7],
  extra: [ABSENT, true],
};

const BASE: Readonly<Record<string, unknown>> = {
  type: 'cbg',
  time: '2024-05-01T08:30:00Z',
  deviceId: 'DexG7_1',
  uploadId: 'upload-1',
  units: 'mg/dL',
  value: 112,
};

function datum(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ABSENT));
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every field varied alone from a valid cbg and smbg, then random mixes of every field. */
function candidates(): Record<string, unknown>[] {
  const all: Record<string, unknown>[] = [];
  for (const base of [BASE, { ...BASE, type: 'smbg' }]) {
    for (const [field, values] of Object.entries(VARIANTS)) {
      for (const value of values) all.push(datum({ ...base, [field]: value }));
    }
  }
  const next = random(8);
  for (let index = 0; index < 6000; index += 1) {
    const fields: Record<string, unknown> = {};
    for (const [field, values] of Object.entries(VARIANTS)) {
      // Mostly the valid base value (or none), so that many mixes are valid and rules meet at their edges.
      fields[field] =
        next() < 0.75 ? (field in BASE ? BASE[field] : ABSENT) : values[Math.floor(next() * values.length)];
    }
    all.push(datum(fields));
  }
  return all;
}

describe('isPlainReading', () => {
  it('answers true only for data the contract accepts, and the value zod answers is the same', () => {
    let quick = 0;
    for (const candidate of candidates()) {
      if (!isPlainReading(candidate)) continue;
      quick += 1;
      const parsed = zodWalk.safeParse(candidate);
      expect({ candidate, success: parsed.success }).toEqual({ candidate, success: true });
      expect(parsed.data).toEqual(candidate);
    }
    // The quick path is taken for the common readings, not only for the handful of the base.
    expect(quick).toBeGreaterThan(400);
  });

  it('takes cbg and smbg readings with every plain field', () => {
    const full = {
      ...BASE,
      time: '2024-05-01T10:30:00.000+02:00',
      timezoneOffset: 120,
      clockDriftOffset: -2000,
      conversionOffset: 0,
      deviceTime: '2024-05-01T10:30:00',
      guid: 'reading-1',
      timezone: 'Europe/Paris',
    };
    expect(isPlainReading(full)).toBe(true);
    expect(isPlainReading({ ...full, type: 'smbg', subType: 'linked', units: 'mmol/L', value: 6.2 })).toBe(
      true,
    );
    // A CGM reading as Loop sends every one: its trend arrow and rate. A meter reading has neither.
    const trended = {
      ...full,
      trend: 'slowRise',
      trendRate: 1.2,
      sampleInterval: 300_000,
      backfilled: false,
    };
    expect(isPlainReading(trended)).toBe(true);
    expect(isPlainReading({ ...trended, type: 'smbg' })).toBe(false);
  });

  it('takes a CGM reading with its payload and origin, as a Clarity export gives them', () => {
    const clarity = {
      ...BASE,
      payload: { transmitterTime: 486799 },
      origin: { name: 'com.dexcom.clarity', payload: { row: 12 } },
    };
    expect(isPlainReading(clarity)).toBe(true);
    expect(zodWalk.parse(clarity)).toEqual(clarity);
  });

  it('leaves to zod any other type, any identifying or unknown field, and objects that are not plain', () => {
    expect(isPlainReading({ ...BASE, notes: ['after lunch'] })).toBe(false);
    expect(isPlainReading({ ...BASE, annotations: [{ code: 'bg/out-of-range' }] })).toBe(false);
    expect(isPlainReading({ ...BASE, tags: ['travel'] })).toBe(false);
    expect(isPlainReading({ ...BASE, timezone: 'Pacific Time' })).toBe(false);
    // zod's record leaves an own `__proto__` key out of its answer: the datum would not be as sent.
    expect(isPlainReading({ ...BASE, payload: JSON.parse('{"__proto__": {"x": 1}}') as unknown })).toBe(
      false,
    );
    expect(isPlainReading({ ...BASE, payload: Object.create(null) as unknown })).toBe(false);
    expect(isPlainReading({ ...BASE, extra: 1 })).toBe(false);
    expect(isPlainReading({ ...BASE, type: 'basal' })).toBe(false);
    expect(isPlainReading(Object.assign(Object.create(null) as object, BASE))).toBe(false);
    expect(isPlainReading([BASE])).toBe(false);
  });
});

describe('DatumSchema', () => {
  it('answers a plain reading as it is, without the walk, and any other datum through the walk', () => {
    const reading = { ...BASE, payload: { transmitterTime: 486799 } };
    // The walk answers a new object; the quick check, the very one it was given.
    expect(DatumSchema.parse(reading)).toBe(reading);
    expect(zodWalk.parse(reading)).not.toBe(reading);
    const withNotes = { ...BASE, notes: ['after lunch'] };
    expect(DatumSchema.parse(withNotes)).not.toBe(withNotes);
    expect(DatumSchema.parse(withNotes)).toEqual(withNotes);
  });
});

describe('UploadBodySchema with plain readings', () => {
  const plainArray = z.array(zodWalk).min(1).max(MAXIMUM_DATA_PER_REQUEST);

  it('answers an array of plain readings as zod does', () => {
    const body = Array.from({ length: 50 }, (_, index) => ({ ...BASE, value: 40 + index }));
    const parsed = UploadBodySchema.safeParse(body);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(plainArray.parse(body));
  });

  it('names the same invalid indexes and fields as zod when one reading of many is invalid', () => {
    const body: unknown[] = Array.from({ length: 20 }, () => ({ ...BASE }));
    body[7] = { ...BASE, units: 'mmol/L', value: 80 };
    body[12] = { ...BASE, time: '2024-02-30T00:00:00Z' };
    const issues = (schema: z.ZodTypeAny) =>
      schema.safeParse(body).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues(UploadBodySchema)).toEqual(issues(plainArray));
    expect(issues(UploadBodySchema)?.map(([path]) => path)).toEqual(['7.value', '12.time']);
  });

  it('answers a mixed upload as zod does: readings with payloads, other types, and invalid data', () => {
    const reading = { ...BASE, payload: { transmitterTime: 1 } };
    const bolus = {
      type: 'bolus',
      subType: 'normal',
      normal: 2.5,
      time: '2024-05-01T08:35:00Z',
      deviceId: 'pump-1',
      uploadId: 'upload-1',
    };
    const valid: unknown[] = [reading, bolus, { ...reading, value: 120 }, { ...BASE, type: 'smbg' }];
    const parsed = UploadBodySchema.safeParse(valid);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(plainArray.parse(valid));

    const invalid: unknown[] = [
      ...valid,
      { ...bolus, normal: -1 },
      { ...reading, value: 5000 },
      { ...reading, extra: 1 },
    ];
    const issues = (schema: z.ZodTypeAny) =>
      schema.safeParse(invalid).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues(UploadBodySchema)).toEqual(issues(plainArray));
    expect(issues(UploadBodySchema)?.map(([path]) => path)).toEqual(['4.normal', '5.value', '6']);
  });

  it('refuses arrays outside 1 to 10000 data even when every datum is plain', () => {
    expect(UploadBodySchema.safeParse([]).success).toBe(false);
    const tooMany = Array.from({ length: MAXIMUM_DATA_PER_REQUEST + 1 }, () => BASE);
    expect(UploadBodySchema.safeParse(tooMany).success).toBe(false);
  });
});
