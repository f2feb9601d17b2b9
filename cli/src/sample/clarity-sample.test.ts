import { readFileSync } from 'node:fs';
import { parseClarityCsv } from '@tidepool/sdk';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLARITY_SAMPLE, generateClaritySample } from './clarity-sample.js';

const committed = readFileSync(new URL('../../samples/clarity-two-weeks.csv', import.meta.url), 'utf8');

describe('the Clarity sample', () => {
  it('regenerates the committed two-week sample byte for byte from the same seed', () => {
    expect(generateClaritySample(DEFAULT_CLARITY_SAMPLE)).toBe(committed);
  });

  it('differs with another seed', () => {
    expect(generateClaritySample({ ...DEFAULT_CLARITY_SAMPLE, days: 1, seed: 7 })).not.toBe(
      generateClaritySample({ ...DEFAULT_CLARITY_SAMPLE, days: 1, seed: 8 }),
    );
  });

  it('parses to 4032 readings with lows and highs, meals, doses, injections and calibrations', () => {
    const file = parseClarityCsv(committed, { timezone: DEFAULT_CLARITY_SAMPLE.timezone });
    const count = (type: string) => file.data.filter((datum) => datum.type === type).length;
    expect(count('cbg')).toBe(4032);
    expect(count('food')).toBe(42);
    expect(count('bolus')).toBe(41);
    expect(count('insulin')).toBe(14);
    expect(count('smbg')).toBeGreaterThanOrEqual(4);
    const annotated = file.data.flatMap((datum) => datum.annotations ?? []);
    expect(annotated).toContainEqual({ code: 'bg/out-of-range', value: 'low', threshold: 40 });
    expect(annotated).toContainEqual({ code: 'bg/out-of-range', value: 'high', threshold: 400 });
    const reasons = new Set(file.skipped.map((entry) => entry.reason.split(':')[0]));
    expect(reasons).toEqual(new Set(['"Alert" events are not imported']));
  });

  it('writes the repeated hour twice when the sample spans the night clocks go back', () => {
    const text = generateClaritySample({ days: 1, seed: 3, start: '2024-10-27', timezone: 'Europe/Paris' });
    const egvs = text.split('\n').filter((line) => line.includes(',EGV,'));
    expect(egvs).toHaveLength(300);
    const file = parseClarityCsv(text, { timezone: 'Europe/Paris' });
    const times = file.data.filter((datum) => datum.type === 'cbg').map((datum) => Date.parse(datum.time));
    expect(new Set(times).size).toBe(300);
  });
});
