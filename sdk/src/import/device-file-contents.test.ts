import { describe, expect, it } from 'vitest';
import { DATUM_TYPES } from '@tidepool/spec';
import { deviceFileContents } from './device-file-contents.js';
import { parseClarityCsv } from './parse-clarity-csv.js';

const HEADER =
  'Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,' +
  'Glucose Value (mg/dL),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),' +
  'Glucose Rate of Change (mg/dL/min),Transmitter Time (Long Integer),Transmitter ID';

describe('deviceFileContents', () => {
  it('counts each type of a parsed file in the data model’s order, the upload record included', () => {
    const egvs = Array.from(
      { length: 1200 },
      (_, index) =>
        `${index + 1},2024-07-15T${String(Math.floor(index / 60) % 24).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}:00,EGV,,,,iOS G6,${100 + (index % 50)},,,,,,`,
    );
    const rows = [
      ...egvs,
      '2000,2024-07-16T08:00:00,Carbs,,,,iOS G6,,,45,,,,',
      '2001,2024-07-16T08:01:00,Insulin,Fast-Acting,,,iOS G6,,4.5,,,,,',
      '2002,2024-07-16T22:00:00,Insulin,Long-Acting,,,iOS G6,,18,,,,,',
      '2003,2024-07-16T12:00:00,Insulin,Fast-Acting,,,iOS G6,,3,,,,,',
    ];
    const file = parseClarityCsv([HEADER, ...rows].join('\n'), { timezone: 'UTC' });
    expect(deviceFileContents(file)).toEqual([
      { type: 'cbg', count: 1200, text: '1,200 CGM readings' },
      { type: 'bolus', count: 2, text: '2 boluses' },
      { type: 'insulin', count: 1, text: '1 injection' },
      { type: 'food', count: 1, text: '1 food entry' },
      { type: 'upload', count: 1, text: '1 upload record' },
    ]);
    const total = deviceFileContents(file).reduce((sum, entry) => sum + entry.count, 0);
    expect(total).toBe(file.data.length + 1);
  });

  it('names every type of the data model, and says nothing of a file with no data', () => {
    const file = {
      data: DATUM_TYPES.map((type) => ({ type }) as never),
      skipped: [],
    };
    const texts = deviceFileContents(file).map((entry) => entry.text);
    expect(texts).toHaveLength(DATUM_TYPES.length);
    for (const text of texts) expect(text).toMatch(/^1 [a-zA-Z ]+$/);
    expect(deviceFileContents({ data: [], skipped: [] })).toEqual([]);
  });
});
