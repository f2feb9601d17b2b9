import type { StoredDatum } from '@tidepool/sdk';
import { describe, expect, it } from 'vitest';
import { dayChartData, describeDayChart } from './day-chart-data.js';

function cbg(time: string, value: number): StoredDatum {
  return {
    id: `id-${time}`,
    type: 'cbg',
    time,
    value,
    units: 'mmol/L',
    deviceId: 'DexG6_1',
    uploadId: 'upload-1',
  } as unknown as StoredDatum;
}

const START = new Date('2024-05-01T00:00:00Z');
const END = new Date('2024-05-02T00:00:00Z');

describe('dayChartData', () => {
  it('keeps the CGM readings of the day, sorted by time, as seconds and display values', () => {
    const data = [cbg('2024-05-01T08:05:00Z', 10), cbg('2024-05-01T08:00:00Z', 5)];
    const [times, values] = dayChartData(data, START, END, 'mg/dL');
    expect(times).toEqual([
      Date.parse('2024-05-01T08:00:00Z') / 1000,
      Date.parse('2024-05-01T08:05:00Z') / 1000,
    ]);
    expect(values[0]).toBeCloseTo(90.078, 3);
    expect(values[1]).toBeCloseTo(180.156, 3);
  });

  it('leaves out readings outside the day (the end is exclusive) and data that is no CGM reading', () => {
    const smbg = { ...cbg('2024-05-01T09:00:00Z', 6), type: 'smbg' } as unknown as StoredDatum;
    const data = [
      cbg('2024-04-30T23:59:59Z', 6),
      cbg('2024-05-01T00:00:00Z', 6.5),
      cbg('2024-05-02T00:00:00Z', 7),
      smbg,
    ];
    expect(dayChartData(data, START, END, 'mmol/L')).toEqual([[START.getTime() / 1000], [6.5]]);
  });
});

describe('describeDayChart', () => {
  it('says how many readings and the lowest and highest, in the display units', () => {
    expect(
      describeDayChart(
        [
          [1, 2, 3],
          [65.2, 180, 212.7],
        ],
        'mg/dL',
      ),
    ).toBe('3 CGM readings, from 65 mg/dL to 213 mg/dL.');
    expect(describeDayChart([[1], [5.55]], 'mmol/L')).toBe('1 CGM reading, from 5.5 mmol/L to 5.5 mmol/L.');
  });

  it('says so when the day has no reading', () => {
    expect(describeDayChart([[], []], 'mg/dL')).toBe('No CGM readings on this day.');
  });
});
