import { createHmac, createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CbgSchema, DatumSchema, SmbgSchema, type Datum } from '@tidepool/spec';
import { zodArbitrary } from '../../../../test/fixtures/zod-arbitrary.js';
import { canonicalJson } from './canonical-json.js';
import { anyDatumParts, datumParts, plainReadingParts, utcTime, type DatumParts } from './datum-parts.js';

describe('utcTime', () => {
  it.each([
    '2024-05-01T08:30:00.000Z',
    '2024-05-01T08:30:00Z',
    '2024-05-01T10:30:00+02:00',
    '2024-05-01T10:30:00.5+0200',
    '2024-05-01T08:30:00.123456Z',
    '2024-02-29T23:59:59.999-01:00',
    '0050-01-01T00:00:00.000Z',
  ])('writes %s as the instant in UTC to the millisecond, as Date does', (time) => {
    expect(utcTime(time)).toBe(new Date(time).toISOString());
  });
});

describe('datumParts', () => {
  const reading: Datum = {
    type: 'cbg',
    time: '2024-05-01T10:30:00+02:00',
    deviceId: 'DexG6_1',
    uploadId: 'upload-1',
    units: 'mg/dL',
    value: 180,
    notes: ['after lunch'],
  };

  it('splits clear columns, readings in mmol/L and identifying fields, and hashes the UTC instant without the uploadId', () => {
    const parts = datumParts(reading);
    expect(parts).toMatchObject({
      type: 'cbg',
      time: '2024-05-01T08:30:00.000Z',
      deviceId: 'DexG6_1',
      uploadId: 'upload-1',
      identity: { notes: ['after lunch'] },
    });
    expect(JSON.parse(parts.readingsJson)).toEqual({ units: 'mmol/L', value: 180 / 18.01559 });
    expect(parts.canonical).toBe(
      canonicalJson({
        ...reading,
        time: '2024-05-01T08:30:00.000Z',
        units: 'mmol/L',
        value: 180 / 18.01559,
        uploadId: undefined,
      }),
    );
  });

  it("seals a pump's serial number with the patient's key and keeps its basal limits and maker as readings", () => {
    const settings: Datum = {
      type: 'pumpSettings',
      time: '2024-05-01T08:30:00Z',
      deviceId: 'pump-1',
      uploadId: 'upload-1',
      activeSchedule: 'standard',
      basalSchedules: { standard: [{ start: 0, rate: 0.8 }] },
      units: { carb: 'grams', bg: 'mmol/L' },
      basal: { rateMaximum: { units: 'Units/hour', value: 3 }, temporary: { type: 'percent' } },
      bolus: { amountMaximum: { units: 'Units', value: 10 }, extended: { enabled: true } },
      manufacturers: ['Insulet'],
      model: 'Omnipod DASH',
      serialNumber: 'PDM-1234-5678',
    };
    const parts = datumParts(settings);
    expect(parts.identity).toEqual({ serialNumber: 'PDM-1234-5678' });
    expect(parts.readingsJson).not.toContain('PDM-1234-5678');
    expect(JSON.parse(parts.readingsJson)).toMatchObject({
      basal: settings.basal,
      bolus: settings.bolus,
      manufacturers: ['Insulet'],
      model: 'Omnipod DASH',
    });
  });

  it("seals the id of the bolus a wizard gave, and keeps the wizard's inputs as readings", () => {
    const wizard: Datum = {
      type: 'wizard',
      time: '2024-05-01T08:30:00Z',
      deviceId: 'pump-1',
      uploadId: 'upload-1',
      units: 'mmol/L',
      carbInput: 45,
      bolus: 'bolus-from-uploader-77',
    };
    const parts = datumParts(wizard);
    expect(parts.identity).toEqual({ bolus: 'bolus-from-uploader-77' });
    expect(JSON.parse(parts.readingsJson)).toMatchObject({ carbInput: 45 });
    expect(parts.readingsJson).not.toContain('bolus-from-uploader-77');
  });

  it('hashes the same instant written in UTC or with an offset to the same text', () => {
    expect(datumParts({ ...reading, time: '2024-05-01T08:30:00.000Z' }).canonical).toBe(
      datumParts(reading).canonical,
    );
  });
});

/** The common fields that make a reading not plain. */
const NOT_PLAIN = {
  notes: true,
  annotations: true,
  tags: true,
  associations: true,
  location: true,
  source: true,
} as const;

describe('plainReadingParts', () => {
  /** The same parts, texts equal byte for byte: readings are sealed as JSON, ids hashed from `canonical`. */
  function expectSameParts(quick: DatumParts | undefined, general: DatumParts): void {
    expect(quick).toStrictEqual(general);
    expect(Object.keys(quick?.identity ?? {})).toEqual(Object.keys(general.identity ?? {}));
  }

  /**
   * Plain readings in any field order, with fields present but undefined, with and without
   * records (`payload`, `origin`), some parsed from JSON as uploads are, some with the time
   * zone's name (identifying, like `guid`). Notes, annotations and the other common fields a
   * plain reading has none of (tags, associations, location, source) are left out: a reading
   * with them takes the general way. A CGM reading's trend is plain (its rate converts with the
   * reading, as Loop sends one with every reading).
   */
  const plainReadings = fc
    .tuple(
      fc.oneof(
        zodArbitrary(CbgSchema.innerType().omit(NOT_PLAIN)),
        zodArbitrary(SmbgSchema.innerType().omit(NOT_PLAIN)),
      ),
      fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      fc.boolean(),
    )
    .chain(([reading, value, parsed]) => {
      const fields: Readonly<Record<string, unknown>> = { ...(reading as object), value };
      return fc
        .shuffledSubarray(Object.keys(fields), { minLength: Object.keys(fields).length })
        .map((keys) => {
          const datum = Object.fromEntries(keys.map((key) => [key, fields[key]]));
          return (parsed ? JSON.parse(JSON.stringify(datum)) : datum) as Datum;
        });
    });

  it('splits every plain reading exactly as the general way does', () => {
    fc.assert(
      fc.property(plainReadings, (datum) => {
        const time = utcTime(datum.time);
        const quick = plainReadingParts(datum, time);
        expect(quick).toBeDefined();
        expectSameParts(quick, anyDatumParts(datum, time));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves any other datum to the general way, and datumParts gives what the general way does', () => {
    const anyDatum = zodArbitrary(DatumSchema)
      .map((value) => DatumSchema.safeParse(value))
      .filter((parsed) => parsed.success)
      .map((parsed) => parsed.data);
    fc.assert(
      fc.property(anyDatum, (datum) => {
        const time = utcTime(datum.time);
        const general = anyDatumParts(datum, time);
        const quick = plainReadingParts(datum, time);
        if (quick !== undefined) expectSameParts(quick, general);
        expectSameParts(datumParts(datum), general);
      }),
      { numRuns: 500 },
    );
    const withNotes: Datum = {
      type: 'cbg',
      time: '2024-05-01T08:30:00.000Z',
      units: 'mg/dL',
      value: 112,
      deviceId: 'DexG7_1',
      uploadId: 'upload-1',
      notes: ['after lunch'],
    };
    expect(plainReadingParts(withNotes, withNotes.time)).toBeUndefined();
  });

  it('gives the canonical texts and content hashes stored ids were made with', () => {
    // As `VersionKeys.lookup` hashes a datum (src/keys/user-data-keys.ts).
    const key = createSecretKey(Buffer.from(Array.from({ length: 32 }, (_, index) => index)));
    const lookup = (kind: string, text: string) =>
      createHmac('sha256', key).update(`${kind}\0`).update(text).digest('hex');
    const pinned: readonly [Record<string, unknown>, string, string][] = [
      [
        {
          type: 'cbg',
          time: '2024-01-01T00:05:00.000Z',
          units: 'mg/dL',
          value: 112,
          deviceId: 'DexG7_bench',
          uploadId: 'bench-upload',
        },
        '{"deviceId":"DexG7_bench","time":"2024-01-01T00:05:00.000Z","type":"cbg","units":"mmol/L","value":6.216837749970997}',
        '7bbdb0313f59841ad2d42bd7d87682d61f70a56c5d646ce0ac702cc37e71d598',
      ],
      [
        {
          type: 'smbg',
          subType: 'manual',
          time: '2024-05-01T10:30:00+02:00',
          units: 'mmol/L',
          value: 6.2,
          deviceId: 'Meter_1',
          uploadId: 'upload-1',
          timezoneOffset: 120,
          guid: 'g-1',
        },
        '{"deviceId":"Meter_1","guid":"g-1","subType":"manual","time":"2024-05-01T08:30:00.000Z","timezoneOffset":120,"type":"smbg","units":"mmol/L","value":6.2}',
        '45090d44b0a87e2e71f41ae8ff54cfd6ef18cb167cc414853663283b12a9daca',
      ],
      [
        {
          uploadId: 'upload-1',
          value: 180,
          type: 'cbg',
          deviceTime: '2024-05-01T08:30:00',
          units: 'mg/dl',
          deviceId: 'DexG6_ü"\\',
          time: '2024-05-01T08:30:00Z',
          clockDriftOffset: -5,
          conversionOffset: 0,
        },
        '{"clockDriftOffset":-5,"conversionOffset":0,"deviceId":"DexG6_ü\\"\\\\","deviceTime":"2024-05-01T08:30:00","time":"2024-05-01T08:30:00.000Z","type":"cbg","units":"mmol/L","value":9.991346383881961}',
        'c2cde8d4f4aa77f73a03f914399f2607bf1b3d99f39f87de79fcaccb75f9c82c',
      ],
      [
        // A Clarity CGM reading: its records are hashed with their keys sorted, at any depth.
        {
          type: 'cbg',
          time: '2024-05-05T22:02:01.000Z',
          deviceId: 'Dexcom_iOS_G6',
          uploadId: 'upid_fb4e',
          timezoneOffset: 120,
          deviceTime: '2024-05-06T00:02:01',
          payload: { transmitterTime: 486799, b: [2, { z: 1, a: null }] },
          origin: { name: 'clarity' },
          guid: '5144dfd1',
          units: 'mg/dL',
          value: 121,
        },
        '{"deviceId":"Dexcom_iOS_G6","deviceTime":"2024-05-06T00:02:01","guid":"5144dfd1","origin":{"name":"clarity"},"payload":{"b":[2,{"a":null,"z":1}],"transmitterTime":486799},"time":"2024-05-05T22:02:01.000Z","timezoneOffset":120,"type":"cbg","units":"mmol/L","value":6.716405069165096}',
        'e4d5459b92c66a517266b2c295efe57a20b344655810c5763276fa688a1c0d42',
      ],
    ];
    for (const [datum, canonical, id] of pinned) {
      expect(plainReadingParts(datum as Datum, utcTime((datum as Datum).time))).toBeDefined();
      const parts = datumParts(datum as Datum);
      expect(parts.canonical).toBe(canonical);
      expect(lookup('datum', parts.canonical)).toBe(id);
    }
  });
});
