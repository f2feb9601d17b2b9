import { DatumSchema } from '@tidepool/spec';
import type { Datum } from '@tidepool/spec';
import { describe, expect, it } from 'vitest';
import { DeviceFileError } from './device-file.js';
import { parseClarityCsv } from './parse-clarity-csv.js';

const HEADER =
  'Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,' +
  'Glucose Value (mg/dL),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),' +
  'Glucose Rate of Change (mg/dL/min),Transmitter Time (Long Integer),Transmitter ID';
const INFO_ROWS = [
  '1,,FirstName,,Annabel,,,,,,,,,',
  '2,,LastName,,Quintessa,,,,,,,,,',
  '3,,DateOfBirth,,1987-03-02,,,,,,,,,',
  '4,,Device,,,Dexcom G6 Mobile App,iOS G6,,,,,,,',
  '5,,Alert,Low,,,iOS G6,70,,,,,,',
];

function egv(index: number, timestamp: string, value: string, transmitterTime = 1_000_000 + index * 300) {
  return `${index},${timestamp},EGV,,,,iOS G6,${value},,,,,${transmitterTime},8ABC12`;
}

function csv(...rows: string[]): string {
  return [HEADER, ...INFO_ROWS, ...rows].join('\r\n') + '\r\n';
}

function ofType<Type extends Datum['type']>(data: Datum[], type: Type) {
  return data.filter((datum): datum is Extract<Datum, { type: Type }> => datum.type === type);
}

/** `days` of 5-minute readings from 6 May 2024 00:02:30 local time. */
function readingsFile(days: number): string {
  const rows: string[] = [];
  const start = Date.parse('2024-05-06T00:02:30Z');
  for (let index = 0; index < days * 288; index += 1) {
    const local = new Date(start + index * 300_000).toISOString().slice(0, 19);
    rows.push(egv(index + 6, local, String(100 + (index % 80))));
  }
  return csv(...rows);
}

describe('parseClarityCsv', () => {
  it('turns EGVs into cbg data with UTC times, offsets and device times', () => {
    const file = parseClarityCsv(csv(egv(6, '2024-07-15T08:30:12', '112')), { timezone: 'Europe/Paris' });
    expect(file.skipped).toEqual([]);
    expect(file.data).toHaveLength(1);
    expect(file.data[0]).toMatchObject({
      type: 'cbg',
      time: '2024-07-15T06:30:12.000Z',
      timezoneOffset: 120,
      deviceTime: '2024-07-15T08:30:12',
      deviceId: 'Dexcom_iOS_G6',
      units: 'mg/dL',
      value: 112,
      uploadId: file.upload.uploadId,
      payload: { transmitterTime: 1_001_800 },
    });
    expect(file.upload).toMatchObject({
      type: 'upload',
      deviceManufacturers: ['Dexcom'],
      deviceModel: 'Dexcom G6 Mobile App',
      deviceSerialNumber: '8ABC12',
      deviceTags: ['cgm'],
      timezone: 'Europe/Paris',
      time: '2024-07-15T06:30:12.000Z',
      computerTime: '2024-07-15T08:30:12',
    });
    expect(DatumSchema.safeParse(file.upload).success).toBe(true);
  });

  it('never copies the patient information rows into the data', () => {
    const file = parseClarityCsv(csv(egv(6, '2024-07-15T08:30:12', '112')), { timezone: 'UTC' });
    const everything = JSON.stringify(file);
    expect(everything).not.toContain('Annabel');
    expect(everything).not.toContain('Quintessa');
    expect(everything).not.toContain('1987');
  });

  it('stores Low as 40 and High as 400 mg/dL with an out-of-range annotation', () => {
    const file = parseClarityCsv(
      csv(egv(6, '2024-07-15T08:30:00', 'Low'), egv(7, '2024-07-15T08:35:00', 'High')),
      {
        timezone: 'UTC',
      },
    );
    expect(ofType(file.data, 'cbg').map(({ value, annotations }) => ({ value, annotations }))).toEqual([
      { value: 40, annotations: [{ code: 'bg/out-of-range', value: 'low', threshold: 40 }] },
      { value: 400, annotations: [{ code: 'bg/out-of-range', value: 'high', threshold: 400 }] },
    ]);
  });

  it('reads mmol/L exports, where Low is 2.2', () => {
    const text = csv(egv(6, '2024-07-15T08:30:00', '6.4'), egv(7, '2024-07-15T08:35:00', 'Low')).replace(
      'Glucose Value (mg/dL)',
      'Glucose Value (mmol/L)',
    );
    const readings = ofType(parseClarityCsv(text, { timezone: 'UTC' }).data, 'cbg');
    expect(readings.map(({ units, value }) => [units, value])).toEqual([
      ['mmol/L', 6.4],
      ['mmol/L', 2.2],
    ]);
  });

  it('turns calibrations, carbs and insulin into smbg, food, bolus and insulin, and skips other events', () => {
    const file = parseClarityCsv(
      csv(
        '6,2024-07-15T07:58:00,Calibration,,,,iOS G6,104,,,,,,',
        '7,2024-07-15T08:00:00,Carbs,,,,iOS G6,,,45,,,,',
        '8,2024-07-15T08:01:00,Insulin,Fast-Acting,,,iOS G6,,4.5,,,,,',
        '9,2024-07-15T22:00:00,Insulin,Long-Acting,,,iOS G6,,18,,,,,',
        '10,2024-07-15T09:00:00,Alert,High,,,iOS G6,,,,,,,',
        '11,2024-07-15T23:00:00,Insulin,,,,iOS G6,,2,,,,,',
        '12,2024-07-15T23:30:00,Insulin,Long-Acting,,,iOS G6,,,,,,,',
      ),
      { timezone: 'UTC' },
    );
    expect(file.data.map((datum) => datum.type)).toEqual(['smbg', 'food', 'bolus', 'insulin']);
    expect(ofType(file.data, 'smbg')[0]).toMatchObject({ subType: 'manual', units: 'mg/dL', value: 104 });
    expect(ofType(file.data, 'food')[0]?.nutrition).toEqual({ carbohydrate: { net: 45, units: 'grams' } });
    expect(ofType(file.data, 'bolus')[0]).toMatchObject({ subType: 'normal', normal: 4.5 });
    expect(ofType(file.data, 'insulin')[0]).toMatchObject({
      time: '2024-07-15T22:00:00.000Z',
      deviceId: 'Dexcom_iOS_G6',
      dose: { total: 18, units: 'Units' },
      formulation: { simple: { actingType: 'long' } },
    });
    expect(file.skipped).toEqual([
      { line: 11, reason: '"Alert" events are not imported' },
      { line: 12, reason: expect.stringMatching(/^insulin of no kind is not imported/) as unknown },
      { line: 13, reason: 'no insulin value' },
    ]);
  });

  it('turns exercise into physical activity and health events into reported states, as Tidepool does', () => {
    const file = parseClarityCsv(
      csv(
        '6,2024-07-15T09:00:00,Exercise,Light,,,iOS G6,,,,00:30:00,,,',
        '7,2024-07-15T18:00:00,Exercise,Heavy,,,iOS G6,,,,01:15:30,,,',
        '8,2024-07-15T19:00:00,Exercise,,,,iOS G6,,,,,,,',
        '9,2024-07-15T20:00:00,Health,Illness,,,iOS G6,,,,,,,',
        '10,2024-07-15T20:01:00,Health,High Symptoms,,,iOS G6,,,,,,,',
        '11,2024-07-15T20:02:00,Health,Low Symptoms,,,iOS G6,,,,,,,',
        '12,2024-07-15T20:03:00,Health,Stress,,,iOS G6,,,,,,,',
        '13,2024-07-15T20:04:00,Health,Cycle,,,iOS G6,,,,,,,',
        '14,2024-07-15T20:05:00,Health,Alcohol,,,iOS G6,,,,,,,',
        '15,2024-07-15T21:00:00,Exercise,Extreme,,,iOS G6,,,,00:10:00,,,',
        '16,2024-07-15T21:05:00,Exercise,Medium,,,iOS G6,,,,half an hour,,,',
        '17,2024-07-15T21:10:00,Health,Sleepy,,,iOS G6,,,,,,,',
        '18,2024-07-15T21:15:00,Health,,,,iOS G6,,,,,,,',
      ),
      { timezone: 'UTC' },
    );
    expect(
      ofType(file.data, 'physicalActivity').map(({ reportedIntensity, duration }) => [
        reportedIntensity,
        duration,
      ]),
    ).toEqual([
      ['low', { units: 'minutes', value: 30 }],
      ['high', { units: 'minutes', value: 75.5 }],
      [undefined, undefined],
    ]);
    expect(ofType(file.data, 'reportedState').map((datum) => datum.states)).toEqual([
      [{ state: 'illness' }],
      [{ state: 'hyperglycemiaSymptoms' }],
      [{ state: 'hypoglycemiaSymptoms' }],
      [{ state: 'stress' }],
      [{ state: 'cycle' }],
      [{ state: 'alcohol' }],
    ]);
    expect(file.skipped).toEqual([
      { line: 16, reason: 'exercise of intensity "Extreme" is not imported' },
      { line: 17, reason: 'duration "half an hour" is not hh:mm:ss' },
      { line: 18, reason: 'health event "Sleepy" is not imported' },
      { line: 19, reason: 'a health event of no kind is not imported' },
    ]);
  });

  it('skips bad lines with their line number and reason and keeps the rest', () => {
    const file = parseClarityCsv(
      csv(
        egv(6, '2024-07-15T08:30:00', '112'),
        egv(7, '15/07/2024 08:35', '115'),
        egv(8, '2024-07-15T08:40:00', 'n/a'),
        egv(9, '2024-07-15T08:45:00', '1200'),
        egv(10, '2024-07-15T08:50:00', ''),
        '11,2024-07-15T08:55:00,EGV,,,,iOS G6,120',
        egv(12, '2024-02-30T09:00:00', '118'),
        egv(13, '2024-07-15T09:05:00', '121'),
      ),
      { timezone: 'UTC' },
    );
    expect(ofType(file.data, 'cbg').map((datum) => datum.value)).toEqual([112, 121]);
    expect(file.skipped).toEqual([
      { line: 8, reason: 'timestamp "15/07/2024 08:35" is not YYYY-MM-DDThh:mm:ss' },
      { line: 9, reason: 'glucose value "n/a" is not a number, Low or High' },
      { line: 10, reason: 'value: A glucose value in mg/dL is between 0 and 1000; got 1200.' },
      { line: 11, reason: 'no glucose value' },
      { line: 12, reason: '8 fields where the header has 14' },
      { line: 13, reason: 'timestamp "2024-02-30T09:00:00" is not YYYY-MM-DDThh:mm:ss' },
    ]);
  });

  it('reports an unclosed quote as a malformed line', () => {
    const file = parseClarityCsv(csv(egv(6, '2024-07-15T08:30:00', '112'), '7,"2024-07-15T08:35:00,EGV'), {
      timezone: 'UTC',
    });
    expect(file.data).toHaveLength(1);
    expect(file.skipped).toEqual([
      { line: expect.any(Number) as unknown, reason: expect.stringMatching(/^malformed CSV/) as unknown },
    ]);
  });

  it('refuses a file that is not a Clarity export', () => {
    expect(() => parseClarityCsv('name,age\nAnn,3\n')).toThrow(DeviceFileError);
    expect(() => parseClarityCsv('name,age\nAnn,3\n')).toThrow(
      /no Timestamp, Event Type, Glucose Value column/,
    );
    expect(() => parseClarityCsv('')).toThrow(/empty/);
    expect(() => parseClarityCsv(csv(), { timezone: 'Nowhere/Land' })).toThrow(RangeError);
  });

  it('gives the same upload id and guids when the same file is parsed again', () => {
    const text = readingsFile(1);
    const first = parseClarityCsv(text, { timezone: 'Europe/Paris' });
    const second = parseClarityCsv(text, { timezone: 'Europe/Paris' });
    expect(second).toEqual(first);
    expect(new Set(first.data.map((datum) => datum.guid)).size).toBe(288);
    expect(parseClarityCsv(text, { timezone: 'America/Chicago' }).upload.uploadId).not.toBe(
      first.upload.uploadId,
    );
  });

  it('gives a reading the same guid in two overlapping exports', () => {
    const first = parseClarityCsv(
      csv(egv(6, '2024-07-15T08:30:00', '112'), egv(7, '2024-07-15T08:35:00', '115')),
    );
    const second = parseClarityCsv(csv(egv(1, '2024-07-15T08:35:00', '115', 1_002_100)));
    expect(second.upload.uploadId).not.toBe(first.upload.uploadId);
    expect(second.data[0]?.guid).toBe(first.data[1]?.guid);
  });

  it('parses a two-week file to 4032 readings', () => {
    const file = parseClarityCsv(readingsFile(14), { timezone: 'Europe/Paris' });
    expect(file.skipped).toEqual([]);
    expect(ofType(file.data, 'cbg')).toHaveLength(4032);
  });

  it('places readings of the hour repeated when clocks go back by the transmitter clock', () => {
    // Paris, 27 October 2024: 03:00 CEST became 02:00 CET, so 02:00–02:59 showed twice.
    const rows: string[] = [];
    const start = Date.parse('2024-10-26T23:00:00Z'); // 01:00 CEST
    for (let index = 0; index < 36; index += 1) {
      const instant = start + index * 300_000;
      const offsetHours = instant < Date.parse('2024-10-27T01:00:00Z') ? 2 : 1;
      const local = new Date(instant + offsetHours * 3_600_000).toISOString().slice(0, 19);
      rows.push(egv(index + 6, local, '110', 2_000_000 + index * 300));
    }
    const readings = ofType(parseClarityCsv(csv(...rows), { timezone: 'Europe/Paris' }).data, 'cbg');
    expect(readings).toHaveLength(36);
    const times = readings.map((datum) => Date.parse(datum.time));
    expect(times.slice(1).map((time, index) => time - (times[index] ?? 0))).toEqual(Array(35).fill(300_000));
    expect(readings.map((datum) => datum.timezoneOffset)).toEqual([
      ...Array.from({ length: 24 }, () => 120),
      ...Array.from({ length: 12 }, () => 60),
    ]);
  });

  it('moves times of the skipped spring-forward hour to the hour after', () => {
    const file = parseClarityCsv(csv(egv(6, '2024-03-31T02:30:00', '110')), { timezone: 'Europe/Paris' });
    expect(file.data[0]).toMatchObject({ time: '2024-03-31T01:30:00.000Z', timezoneOffset: 120 });
  });
});

describe('parseClarityCsv ids', () => {
  it('keeps the ids it gave in earlier versions: the server recognises re-imported data by them', () => {
    const rows = [
      '1,2024-07-15T08:30:12,EGV,,,,iOS G6,112,,,,-1.4,1001800,8ABC12',
      '2,2024-07-15T08:35:12,EGV,,,,,Low,,,,,,8ABC12',
      '3,2024-07-15T08:40:12,EGV,,,,iOS G6,High,,,,2,1002400,',
      '4,2024-07-15T09:00:00,Calibration,,,,iOS G6,118,,,,,,',
      '5,2024-07-15T12:10:00,Carbs,,,,,,,45,,,,',
      '6,2024-07-15T12:11:00,Insulin,Fast-Acting,,,,,4.5,,,,,',
    ];
    const file = parseClarityCsv([HEADER, ...rows].join('\r\n') + '\r\n', { timezone: 'Europe/Paris' });

    // Computed by the parser as of 2026-12; a change here makes every earlier import look new.
    expect(file.upload.uploadId).toBe('upid_9803f72c8b051c2672b984123ae017e8');
    expect(file.data.map((datum) => [datum.type, datum.guid])).toEqual([
      ['cbg', '791599c22a97de9ea37a830ac59c90d9'],
      ['cbg', '31c2e9ddad4d80cd8fcaffaf43006288'],
      ['cbg', '1149bc04c0d693944b6723a60016c774'],
      ['smbg', 'dd64b9f7f93e8d9813f295ae6ca7bc01'],
      ['food', 'ab3a4713262d79a6628cd580fd84e6e0'],
      ['bolus', '675bbc96b70a77f6fb31a83e8ff837c6'],
    ]);
  });

  it('keeps the id a long-acting injection was first given (2026-12, when the insulin type came)', () => {
    const row = '1,2024-07-15T22:00:00,Insulin,Long-Acting,,,iOS G6,,18,,,,,';
    const file = parseClarityCsv([HEADER, row].join('\r\n') + '\r\n', { timezone: 'Europe/Paris' });
    expect(file.data.map((datum) => [datum.type, datum.guid])).toEqual([
      ['insulin', '00b03fedd47c156447c5f7767c3657f1'],
    ]);
  });

  it('keeps the ids exercise and health events were first given (2026-12, when they came)', () => {
    const rows = [
      '1,2024-07-15T18:00:00,Exercise,Heavy,,,iOS G6,,,,00:45:00,,,',
      '2,2024-07-15T20:00:00,Health,Illness,,,iOS G6,,,,,,,',
    ];
    const file = parseClarityCsv([HEADER, ...rows].join('\r\n') + '\r\n', { timezone: 'Europe/Paris' });
    expect(file.data.map((datum) => [datum.type, datum.guid])).toEqual([
      ['physicalActivity', '8fd24840ad2ea14aab3c0ad3614e5e4e'],
      ['reportedState', '4cd3105bcb4a5f9694997acf9c09c6f5'],
    ]);
  });
});
