import { describe, expect, it } from 'vitest';
import type { Datum } from '@tidepool/spec';
import { canonicalJson } from './canonical-json.js';
import { datumParts, utcTime } from './datum-parts.js';

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
      readings: { units: 'mmol/L', value: 180 / 18.01559 },
      identity: { notes: ['after lunch'] },
    });
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

  it('hashes the same instant written in UTC or with an offset to the same text', () => {
    expect(datumParts({ ...reading, time: '2024-05-01T08:30:00.000Z' }).canonical).toBe(
      datumParts(reading).canonical,
    );
  });
});
