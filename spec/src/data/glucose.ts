/** Blood glucose units, the mg/dL ↔ mmol/L conversion and the plausible ranges of a reading. */
import { z } from 'zod';

/**
 * mg/dL per mmol/L of glucose: 18.01559, from the molar mass of glucose (180.156 g/mol), the
 * constant Tidepool uses. Readings are stored in mmol/L (DESIGN.md §9).
 */
export const MMOL_L_TO_MG_DL = 18.01559;

/** The units devices report glucose in; both spellings Tidepool accepts. */
export const GlucoseUnitsSchema = z
  .enum(['mg/dL', 'mg/dl', 'mmol/L', 'mmol/l'])
  .describe('Glucose units; stored data is always in mmol/L.');
export type GlucoseUnits = z.infer<typeof GlucoseUnitsSchema>;

/** The highest plausible glucose value in each unit: 55 mmol/L, 1000 mg/dL (Tidepool's limits). */
export const GLUCOSE_MAXIMUM = { mmolL: 55, mgdL: 1000 } as const;

/** Whether units are mg/dL (either spelling). */
export function isMilligramsPerDeciliter(units: GlucoseUnits): boolean {
  return units === 'mg/dL' || units === 'mg/dl';
}

/** A glucose value converted to mmol/L, the unit data is stored in. */
export function toMillimolesPerLiter(value: number, units: GlucoseUnits): number {
  return isMilligramsPerDeciliter(units) ? value / MMOL_L_TO_MG_DL : value;
}

/** Why a glucose value is out of range for its units, or `undefined` when it is plausible. */
export function glucoseRangeProblem(value: number, units: GlucoseUnits): string | undefined {
  const maximum = isMilligramsPerDeciliter(units) ? GLUCOSE_MAXIMUM.mgdL : GLUCOSE_MAXIMUM.mmolL;
  if (value >= 0 && value <= maximum) return undefined;
  return `A glucose value in ${units} is between 0 and ${maximum}; got ${value}.`;
}
