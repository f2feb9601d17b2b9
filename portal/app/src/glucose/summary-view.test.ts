import type { Summary } from '@tidepool/sdk';
import { describe, expect, it } from 'vitest';
import { formatPercent, isSummaryPeriod, summaryRows } from './summary-view.js';

const SUMMARY: Summary = {
  startDate: '2024-05-01T00:00:00.000Z',
  endDate: '2024-05-15T00:00:00.000Z',
  units: 'mg/dL',
  readings: 4032,
  mean: 142.37,
  standardDeviation: 48.1,
  coefficientOfVariation: 0.3378,
  gmi: 6.7155,
  timeBelowRange: 0.0412,
  timeInRange: 0.7234,
  timeAboveRange: 0.2354,
  thresholds: { low: 70, high: 180 },
};

describe('summaryRows', () => {
  it('writes readings, mean, the three time bands, GMI and CV as the page shows them', () => {
    expect(summaryRows(SUMMARY)).toEqual([
      { label: 'Readings', value: '4,032' },
      { label: 'Mean glucose', value: '142 mg/dL' },
      { label: 'Time below range (under 70 mg/dL)', value: '4 %' },
      { label: 'Time in range (70 mg/dL to 180 mg/dL)', value: '72 %' },
      { label: 'Time above range (over 180 mg/dL)', value: '24 %' },
      { label: 'GMI (glucose management indicator)', value: '6.7 %' },
      { label: 'Coefficient of variation', value: '34 %' },
    ]);
  });

  it('writes a summary in mmol/L with tenths', () => {
    const rows = summaryRows({ ...SUMMARY, units: 'mmol/L', mean: 7.9, thresholds: { low: 3.9, high: 10 } });
    expect(rows[1]).toEqual({ label: 'Mean glucose', value: '7.9 mmol/L' });
    expect(rows[3]?.label).toBe('Time in range (3.9 mmol/L to 10.0 mmol/L)');
  });
});

describe('formatPercent', () => {
  it('rounds to whole percents but never hides a small time as 0 % or a near-total one as 100 %', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.004)).toBe('<1 %');
    expect(formatPercent(0.996)).toBe('>99 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0.725)).toBe('73 %');
  });
});

describe('isSummaryPeriod', () => {
  it('accepts 14, 30 and 90 days only', () => {
    expect([14, 30, 90, 7].map(isSummaryPeriod)).toEqual([true, true, true, false]);
  });
});
