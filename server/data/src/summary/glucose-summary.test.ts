import { describe, expect, it } from 'vitest';
import { MMOL_L_TO_MG_DL } from '@tidepool/spec';
import { createGlucoseAccumulator, DEFAULT_THRESHOLDS } from './glucose-summary.js';

/** Feeds mg/dL values (stored as mmol/L) to an accumulator answering in `units`. */
function statisticsOf(valuesMgdL: readonly number[], units: 'mg/dL' | 'mmol/L') {
  const accumulator = createGlucoseAccumulator(
    units,
    units === 'mg/dL' ? DEFAULT_THRESHOLDS.mgdL : DEFAULT_THRESHOLDS.mmolL,
  );
  for (const value of valuesMgdL) accumulator.add(value / MMOL_L_TO_MG_DL);
  return accumulator.statistics();
}

describe('createGlucoseAccumulator', () => {
  // Ten readings in mg/dL, worked by hand:
  // 50 (very low), 60 (low), 70 and 180 (in range, on the limits), 100, 120, 140 (in range),
  // 200 (high), 260 and 300 (very high).
  // sum = 1480, mean = 148; squared deviations: 9604 7744 6084 1024 2304 784 64 2704 12544 23104
  // → 65960, population variance 6596, standard deviation 81.2157620…; CV = 0.5487551…;
  // GMI = 3.31 + 0.02392 × 148 = 6.85016.
  const values = [50, 60, 70, 180, 100, 120, 140, 200, 260, 300];

  it('computes mean, standard deviation, CV and GMI as worked by hand', () => {
    const statistics = statisticsOf(values, 'mg/dL');
    expect(statistics?.readings).toBe(10);
    expect(statistics?.mean).toBeCloseTo(148, 9);
    expect(statistics?.standardDeviation).toBeCloseTo(Math.sqrt(6596), 9);
    expect(statistics?.standardDeviation).toBeCloseTo(81.215762, 6);
    expect(statistics?.coefficientOfVariation).toBeCloseTo(81.215762 / 148, 6);
    expect(statistics?.gmi).toBeCloseTo(6.85016, 9);
  });

  it('counts readings on the limits as in range and splits the rest into bands', () => {
    const statistics = statisticsOf(values, 'mg/dL');
    expect(statistics).toMatchObject({
      timeVeryLow: 0.1,
      timeBelowRange: 0.2,
      timeInRange: 0.5,
      timeAboveRange: 0.3,
      timeVeryHigh: 0.2,
    });
  });

  it('answers the same statistics in mmol/L, scaled by the conversion constant', () => {
    const statistics = statisticsOf(values, 'mmol/L');
    expect(statistics?.mean).toBeCloseTo(148 / 18.01559, 9);
    expect(statistics?.standardDeviation).toBeCloseTo(Math.sqrt(6596) / 18.01559, 9);
    expect(statistics?.gmi).toBeCloseTo(6.85016, 9);
    // 50 mg/dL = 2.775 mmol/L < 3.0; 60 = 3.33 < 3.9; 70 = 3.886 < 3.9 (below in mmol/L);
    // 180 = 9.991 ≤ 10.0; 200 = 11.10; 260 = 14.43 and 300 = 16.65 > 13.9.
    expect(statistics).toMatchObject({
      timeVeryLow: 0.1,
      timeBelowRange: 0.3,
      timeInRange: 0.4,
      timeAboveRange: 0.3,
      timeVeryHigh: 0.2,
    });
  });

  it('answers nothing before the first reading and a CV of 0 for one reading', () => {
    const accumulator = createGlucoseAccumulator('mmol/L', DEFAULT_THRESHOLDS.mmolL);
    expect(accumulator.statistics()).toBeUndefined();
    accumulator.add(5.5);
    expect(accumulator.statistics()).toMatchObject({
      readings: 1,
      mean: 5.5,
      standardDeviation: 0,
      coefficientOfVariation: 0,
      timeInRange: 1,
    });
  });
});
