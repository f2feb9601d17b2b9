/** One broken rule of a datum, and the checks several types' rules share. */
import { glucoseRangeProblem, type GlucoseUnits } from './glucose.js';

/** One broken rule: which field and why. */
export interface DatumRuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** An insulin's formulation, as far as the rules look at it. */
export interface Formulation {
  readonly name?: string;
  readonly simple?: unknown;
}

/** A formulation that says neither which insulin nor its name, at `path`. */
export function formulationProblem(
  path: readonly (string | number)[],
  formulation: Formulation | undefined,
): DatumRuleProblem[] {
  if (formulation === undefined || formulation.simple !== undefined || formulation.name !== undefined)
    return [];
  return [
    {
      path: [...path, 'simple'],
      message: 'A formulation has `simple` (the insulin and how fast it acts) or at least a `name`.',
    },
  ];
}

/**
 * A measure past the most its units allow, as a problem at `path` (the value's own path) that
 * `message` words from the maximum and the units; none for units the table does not name (the
 * schema refuses those).
 */
export function unitMaximumProblem(
  path: readonly (string | number)[],
  measure: { readonly value: number; readonly units: string } | undefined,
  maxima: Readonly<Record<string, number>>,
  message: (maximum: number, units: string) => string,
): DatumRuleProblem[] {
  const maximum = measure === undefined ? undefined : maxima[measure.units];
  if (measure === undefined || maximum === undefined || measure.value <= maximum) return [];
  return [{ path, message: message(maximum, measure.units) }];
}

/**
 * Checks glucose values against the range of `units` (a datum's `units.bg`: pump settings, a
 * dosing decision), adding a problem at its path for each one out of range.
 */
export function glucoseCheck(
  units: GlucoseUnits | undefined,
  problems: DatumRuleProblem[],
): (path: readonly (string | number)[], value: number | undefined) => void {
  return (path, value) => {
    if (units === undefined || value === undefined) return;
    const message = glucoseRangeProblem(value, units);
    if (message !== undefined) problems.push({ path, message });
  };
}
