/** The data service's glucose summary turned into the rows the glucose page shows. */
import type { Summary } from '@tidepool/sdk';
import { formatGlucose, parseDisplayUnits } from './glucose-units.js';

/** The periods a person may choose for the summary, in days. */
export const SUMMARY_PERIODS = [14, 30, 90] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];

/** One line of the summary: what it is and its value as written. */
export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

/**
 * A fraction as a percentage for people: whole percents, but never "0 %" for a time that is not
 * zero, nor "100 %" for one that is not all, since both would mislead about lows.
 *
 * @example formatPercent(0.004) // '<1 %'
 */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (percent > 0 && percent < 1) return '<1 %';
  if (percent > 99 && percent < 100) return '>99 %';
  return `${Math.round(percent)} %`;
}

/**
 * The rows of a summary, in the units it was asked in: readings, mean, the three time bands
 * (below, in and above the target range), GMI and coefficient of variation.
 */
export function summaryRows(summary: Summary): SummaryRow[] {
  const units = parseDisplayUnits(summary.units);
  const low = formatGlucose(summary.thresholds.low, units);
  const high = formatGlucose(summary.thresholds.high, units);
  return [
    { label: 'Readings', value: summary.readings.toLocaleString('en') },
    { label: 'Mean glucose', value: formatGlucose(summary.mean, units) },
    { label: `Time below range (under ${low})`, value: formatPercent(summary.timeBelowRange) },
    { label: `Time in range (${low} to ${high})`, value: formatPercent(summary.timeInRange) },
    { label: `Time above range (over ${high})`, value: formatPercent(summary.timeAboveRange) },
    { label: 'GMI (glucose management indicator)', value: `${summary.gmi.toFixed(1)} %` },
    { label: 'Coefficient of variation', value: formatPercent(summary.coefficientOfVariation) },
  ];
}

/** Whether a value from a select is one of the summary periods. */
export function isSummaryPeriod(value: number): value is SummaryPeriod {
  return (SUMMARY_PERIODS as readonly number[]).includes(value);
}
