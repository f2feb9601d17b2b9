/** What the glucose page must show for a parsed Clarity file: computed here from the file, independently of the app. */
import type { Datum } from '@tidepool/spec';
import { MMOL_L_TO_MG_DL } from '@tidepool/spec';
import { formatPercent } from '../app/src/glucose/summary-view.js';

/** The CGM readings of the file in mg/dL, with their instants. */
export function cgmReadings(data: readonly Datum[]): { time: number; mgdl: number }[] {
  return data.flatMap((datum) => {
    if (datum.type !== 'cbg') return [];
    const mgdl = datum.units.toLowerCase().startsWith('mg') ? datum.value : datum.value * MMOL_L_TO_MG_DL;
    return [{ time: Date.parse(datum.time), mgdl }];
  });
}

/**
 * The summary rows (as the page writes them, in mg/dL) of the readings in [start, end): the
 * consensus thresholds 3.9 and 10.0 mmol/L, GMI from the mean (Bergenstal 2018), CV = SD / mean.
 */
export function expectedSummary(
  readings: readonly { time: number; mgdl: number }[],
  start: number,
  end: number,
) {
  const values = readings
    .filter((reading) => reading.time >= start && reading.time < end)
    .map((reading) => reading.mgdl);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
  const low = 3.9 * MMOL_L_TO_MG_DL;
  const high = 10 * MMOL_L_TO_MG_DL;
  // The page's rounding (unit-tested in summary-view.test.ts) over fractions computed here.
  const percent = (count: number) => formatPercent(count / values.length);
  return {
    readings: values.length.toLocaleString('en'),
    mean: `${mean.toFixed(0)} mg/dL`,
    below: percent(values.filter((value) => value < low).length),
    inRange: percent(values.filter((value) => value >= low && value <= high).length),
    above: percent(values.filter((value) => value > high).length),
    gmi: `${(3.31 + 0.02392 * mean).toFixed(1)} %`,
    cv: formatPercent(deviation / mean),
  };
}
