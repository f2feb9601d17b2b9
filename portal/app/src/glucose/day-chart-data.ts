/** The readings of one day shaped for the chart (uPlot's column arrays) and described for screen readers. */
import type { StoredDatum } from '@tidepool/sdk';
import { formatGlucose, fromMillimolesPerLiter, type DisplayUnits } from './glucose-units.js';

/** uPlot's data: seconds since the epoch, and the glucose values in display units. */
export type DayChartData = [times: number[], values: number[]];

/** A CGM reading as the chart needs it: when, and the stored mmol/L value. */
interface Reading {
  readonly time: number;
  readonly value: number;
}

function cgmReading(datum: StoredDatum): Reading | undefined {
  if (datum.type !== 'cbg') return undefined;
  const time = Date.parse(datum.time);
  if (Number.isNaN(time)) return undefined;
  return { time, value: datum.value };
}

/**
 * The CGM readings among `data` that fall in [start, end), sorted by time, with values in
 * `units`. uPlot needs ascending x values; the data service sorts by time already, but the
 * chart must not depend on it.
 *
 * @example dayChartData(readings, dayStart('2024-05-01'), dayEnd('2024-05-01'), 'mg/dL')
 */
export function dayChartData(
  data: readonly StoredDatum[],
  start: Date,
  end: Date,
  units: DisplayUnits,
): DayChartData {
  const readings = data
    .map(cgmReading)
    .filter((reading): reading is Reading => reading !== undefined)
    .filter((reading) => reading.time >= start.getTime() && reading.time < end.getTime())
    .sort((left, right) => left.time - right.time);
  return [
    readings.map((reading) => reading.time / 1000),
    readings.map((reading) => fromMillimolesPerLiter(reading.value, units)),
  ];
}

/**
 * One sentence that says what the chart shows, for its accessible name: how many readings,
 * and the lowest and highest.
 */
export function describeDayChart(data: DayChartData, units: DisplayUnits): string {
  const values = data[1];
  if (values.length === 0) return 'No CGM readings on this day.';
  const lowest = formatGlucose(Math.min(...values), units);
  const highest = formatGlucose(Math.max(...values), units);
  const count = values.length === 1 ? '1 CGM reading' : `${values.length} CGM readings`;
  return `${count}, from ${lowest} to ${highest}.`;
}
