/** The units glucose is shown in, conversion from the stored mmol/L, and how values are written. */
import { MMOL_L_TO_MG_DL } from '@tidepool/spec';

/** The units a person may choose to see glucose in. */
export type DisplayUnits = 'mg/dL' | 'mmol/L';

/** mg/dL unless the user chose otherwise (the brief's default). */
export const DEFAULT_DISPLAY_UNITS: DisplayUnits = 'mg/dL';

/**
 * The target range of the international consensus on time in range (Battelino et al., Diabetes
 * Care 2019), in mmol/L: the data service's default thresholds.
 */
export const TARGET_RANGE_MMOL_L = { low: 3.9, high: 10.0 } as const;

/** Reads the units a stored setting names, accepting either spelling; anything else gives the default. */
export function parseDisplayUnits(value: unknown): DisplayUnits {
  if (value === 'mmol/L' || value === 'mmol/l') return 'mmol/L';
  if (value === 'mg/dL' || value === 'mg/dl') return 'mg/dL';
  return DEFAULT_DISPLAY_UNITS;
}

/**
 * A stored glucose value (mmol/L) in the display units, unrounded.
 *
 * @example fromMillimolesPerLiter(10, 'mg/dL') // 180.1559
 */
export function fromMillimolesPerLiter(value: number, units: DisplayUnits): number {
  return units === 'mg/dL' ? value * MMOL_L_TO_MG_DL : value;
}

/** How many decimals a glucose value is written with: whole mg/dL, tenths of mmol/L (as meters show them). */
export function glucoseDecimals(units: DisplayUnits): number {
  return units === 'mg/dL' ? 0 : 1;
}

/**
 * A glucose value already in `units`, written for people: `112 mg/dL`, `6.2 mmol/L`.
 *
 * @example formatGlucose(6.24, 'mmol/L') // '6.2 mmol/L'
 */
export function formatGlucose(value: number, units: DisplayUnits, withUnits = true): string {
  const text = value.toFixed(glucoseDecimals(units));
  return withUnits ? `${text} ${units}` : text;
}

/** The target range in the display units, rounded as values are shown: 70–180 mg/dL or 3.9–10.0 mmol/L. */
export function targetRange(units: DisplayUnits): { low: number; high: number } {
  const decimals = glucoseDecimals(units);
  const round = (value: number) => Number(fromMillimolesPerLiter(value, units).toFixed(decimals));
  return { low: round(TARGET_RANGE_MMOL_L.low), high: round(TARGET_RANGE_MMOL_L.high) };
}
