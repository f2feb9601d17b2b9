/** Glucose statistics over readings in mmol/L: mean, variability, GMI and time in ranges. */
import { isMilligramsPerDeciliter, MMOL_L_TO_MG_DL, type GlucoseUnits } from '@tidepool/spec';

/** The band limits, in the units of the answer. */
export interface GlucoseThresholds {
  readonly veryLow: number;
  readonly low: number;
  readonly high: number;
  readonly veryHigh: number;
}

/**
 * The international consensus on time in range (Battelino et al., Diabetes Care 2019), in each
 * unit as the consensus writes them (54/70/180/250 mg/dL are not exact conversions of 3.0/3.9/10.0/13.9).
 */
export const DEFAULT_THRESHOLDS = {
  mmolL: { veryLow: 3.0, low: 3.9, high: 10.0, veryHigh: 13.9 },
  mgdL: { veryLow: 54, low: 70, high: 180, veryHigh: 250 },
} as const satisfies Record<string, GlucoseThresholds>;

/** The statistics, in the units of the thresholds; fractions 0–1. */
export interface GlucoseStatistics {
  readonly readings: number;
  readonly mean: number;
  readonly standardDeviation: number;
  readonly coefficientOfVariation: number;
  readonly gmi: number;
  readonly timeVeryLow: number;
  readonly timeBelowRange: number;
  readonly timeInRange: number;
  readonly timeAboveRange: number;
  readonly timeVeryHigh: number;
}

/** Adds readings one at a time (memory does not grow with their number) and reads the statistics. */
export interface GlucoseAccumulator {
  /** Adds one reading, in mmol/L as stored. */
  add(valueMillimolesPerLiter: number): void;
  readonly count: number;
  /** The statistics so far; undefined before the first reading. */
  statistics(): GlucoseStatistics | undefined;
}

/**
 * Statistics of readings against `thresholds` given in `units`.
 *
 * - mean and standard deviation: the population standard deviation (divided by n, as Tidepool's
 *   summaries do), by Welford's algorithm so that long sums lose no precision;
 * - coefficient of variation: standard deviation ÷ mean;
 * - GMI (Bergenstal et al., Diabetes Care 2018): 3.31 + 0.02392 × mean in mg/dL, in %;
 * - time fractions count readings: below range is `< low` (very low included), in range is
 *   `low ≤ value ≤ high`, above range `> high` (very high included); very low `< veryLow`,
 *   very high `> veryHigh`. Thresholds are compared in mmol/L, the stored unit.
 */
export function createGlucoseAccumulator(
  units: GlucoseUnits,
  thresholds: GlucoseThresholds,
): GlucoseAccumulator {
  const perMillimole = isMilligramsPerDeciliter(units) ? MMOL_L_TO_MG_DL : 1;
  const limit = (value: number) => value / perMillimole;
  const veryLow = limit(thresholds.veryLow);
  const low = limit(thresholds.low);
  const high = limit(thresholds.high);
  const veryHigh = limit(thresholds.veryHigh);
  let count = 0;
  let mean = 0;
  let squaredDeviations = 0;
  const bands = { veryLow: 0, below: 0, above: 0, veryHigh: 0 };
  return {
    add(value) {
      count += 1;
      const delta = value - mean;
      mean += delta / count;
      squaredDeviations += delta * (value - mean);
      if (value < low) bands.below += 1;
      if (value < veryLow) bands.veryLow += 1;
      if (value > high) bands.above += 1;
      if (value > veryHigh) bands.veryHigh += 1;
    },
    get count() {
      return count;
    },
    statistics() {
      if (count === 0) return undefined;
      const standardDeviation = Math.sqrt(squaredDeviations / count);
      return {
        readings: count,
        mean: mean * perMillimole,
        standardDeviation: standardDeviation * perMillimole,
        coefficientOfVariation: mean === 0 ? 0 : standardDeviation / mean,
        gmi: 3.31 + 0.02392 * mean * MMOL_L_TO_MG_DL,
        timeVeryLow: bands.veryLow / count,
        timeBelowRange: bands.below / count,
        timeInRange: (count - bands.below - bands.above) / count,
        timeAboveRange: bands.above / count,
        timeVeryHigh: bands.veryHigh / count,
      };
    },
  };
}
