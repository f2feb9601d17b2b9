/** What the glucose page must show for a parsed Clarity file: computed here from the file, independently of the app. */
import type { Datum } from '@tidepool/spec';
import { MMOL_L_TO_MG_DL } from '@tidepool/spec';
import { addDays, dayEnd, dayOf, dayStart, type DayKey } from '../app/src/glucose/local-day.js';
import { formatPercent } from '../app/src/glucose/summary-view.js';

/** A CGM reading of the file: its instant (milliseconds) and value in mg/dL. */
export interface Reading {
  readonly time: number;
  readonly mgdl: number;
}

/** The summary rows as the page writes them. */
export type ExpectedSummary = ReturnType<typeof expectedSummary>;

/** The CGM readings of the file in mg/dL, with their instants. */
export function cgmReadings(data: readonly Datum[]): Reading[] {
  return data.flatMap((datum) => {
    if (datum.type !== 'cbg') return [];
    const mgdl = datum.units.toLowerCase().startsWith('mg') ? datum.value : datum.value * MMOL_L_TO_MG_DL;
    return [{ time: Date.parse(datum.time), mgdl }];
  });
}

/** The local day (in the process's `TZ`, which the tests set to the browser's) of the newest reading. */
export function latestDay(readings: readonly Reading[]): DayKey {
  return dayOf(new Date(Math.max(...readings.map((reading) => reading.time))));
}

/** How many readings fall on the local day `day`. */
export function readingsOnDay(readings: readonly Reading[], day: DayKey): number {
  const start = dayStart(day).getTime();
  const end = dayEnd(day).getTime();
  return readings.filter((reading) => reading.time >= start && reading.time < end).length;
}

/** The summary the page shows for `days` days up to the newest reading's day, as it asks the data service. */
export function expectedSummaryOfLastDays(readings: readonly Reading[], days: number): ExpectedSummary {
  const last = latestDay(readings);
  return expectedSummary(readings, dayStart(addDays(last, 1 - days)).getTime(), dayEnd(last).getTime());
}

/**
 * The summary rows (as the page writes them, in mg/dL) of the readings in [start, end): the
 * consensus range 70–180 mg/dL as written in mg/dL (Battelino 2019; not 3.9 × 18.01559, which
 * would count a 70 mg/dL reading as low), GMI from the mean (Bergenstal 2018), CV = SD / mean.
 */
export function expectedSummary(readings: readonly Reading[], start: number, end: number) {
  const values = readings
    .filter((reading) => reading.time >= start && reading.time < end)
    .map((reading) => reading.mgdl);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
  const low = 70;
  const high = 180;
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

/** The boluses, injections and carbs the page lists for a day: how many, and their totals. */
export interface ExpectedDoses {
  readonly lines: number;
  /** How many of the lines are carbs. */
  readonly carbLines: number;
  /** Where on the day (0 at its start, 1 at its end) each line falls, in time order: where the chart marks it. */
  readonly dayFractions: readonly number[];
  readonly insulinUnits: number;
  readonly carbGrams: number;
  /** The basal insulin of the day, when a pump's basal segments cover some of it. */
  readonly basalUnits?: number;
  /** A closed loop's automated boluses of the day: in `insulinUnits`, not in `lines`. */
  readonly automated?: { readonly count: number; readonly units: number };
}

const HOUR = 3_600_000;

/**
 * A closed loop's pump around the local day `day` as a Tidepool JSON file: basal segments (one
 * running since the evening before, a temp rate, a suspension, the day's scheduled rate, and one
 * running past midnight) and three automated boluses in the morning. `basalUnits` is what the
 * day must count of the segments, each rate over its part of the day (they do not overlap, so
 * each counts on its own); `automated` what the boluses add.
 */
export function pumpBasalFile(day: DayKey): {
  file: { name: string; text: string };
  data: number;
  basalUnits: number;
  automated: { count: number; units: number };
} {
  const start = dayStart(day).getTime();
  const end = dayEnd(day).getTime();
  const plan = [
    { from: start - 3 * HOUR, to: start + 2 * HOUR, deliveryType: 'scheduled', rate: 0.8 },
    { from: start + 2 * HOUR, to: start + 3 * HOUR, deliveryType: 'temp', rate: 2 },
    { from: start + 3 * HOUR, to: start + 3.5 * HOUR, deliveryType: 'suspend', rate: undefined },
    { from: start + 3.5 * HOUR, to: end - HOUR, deliveryType: 'scheduled', rate: 0.9 },
    { from: end - HOUR, to: end + 2 * HOUR, deliveryType: 'scheduled', rate: 1.2 },
  ];
  const data = plan.map(({ from, to, deliveryType, rate }) => ({
    type: 'basal',
    deliveryType,
    ...(rate === undefined ? {} : { rate }),
    duration: to - from,
    time: new Date(from).toISOString(),
    deviceId: 'pump-basal-1',
    uploadId: 'pump-basal-upload',
  }));
  const basalUnits = plan.reduce(
    (sum, { from, to, rate }) => sum + ((rate ?? 0) * (Math.min(to, end) - Math.max(from, start))) / HOUR,
    0,
  );
  const boluses = [0.2, 0.35, 0.15].map((normal, index) => ({
    type: 'bolus',
    subType: 'automated',
    normal,
    deliveryContext: 'algorithm',
    time: new Date(start + 8 * HOUR + index * 300_000).toISOString(),
    deviceId: 'pump-basal-1',
    uploadId: 'pump-basal-upload',
  }));
  const all = [...data, ...boluses];
  return {
    file: { name: 'pump-basal.json', text: JSON.stringify(all, null, 2) },
    data: all.length,
    basalUnits,
    automated: { count: boluses.length, units: boluses.reduce((sum, bolus) => sum + bolus.normal, 0) },
  };
}

/** What the page shows for a day of `expected` once the pump file of `pumpBasalFile` is uploaded too. */
export function withPumpFile(expected: ExpectedDoses, pump: ReturnType<typeof pumpBasalFile>): ExpectedDoses {
  return {
    ...expected,
    insulinUnits: expected.insulinUnits + pump.automated.units,
    basalUnits: pump.basalUnits,
    automated: pump.automated,
  };
}

/**
 * What the file holds on the local day `day` of boluses (what was delivered, at once and over
 * time), injections (their dose) and carbs.
 */
export function dosesOnDay(data: readonly Datum[], day: DayKey): ExpectedDoses {
  const start = dayStart(day).getTime();
  const end = dayEnd(day).getTime();
  let lines = 0;
  let carbLines = 0;
  const times: number[] = [];
  let insulinUnits = 0;
  let carbGrams = 0;
  for (const datum of data) {
    const time = Date.parse(datum.time);
    if (time < start || time >= end) continue;
    if (datum.type === 'bolus') insulinUnits += (datum.normal ?? 0) + (datum.extended ?? 0);
    else if (datum.type === 'insulin') insulinUnits += datum.dose?.total ?? 0;
    else if (datum.type === 'food' && datum.nutrition?.carbohydrate !== undefined) {
      carbGrams += datum.nutrition.carbohydrate.net;
      carbLines += 1;
    } else continue;
    lines += 1;
    times.push(time);
  }
  const dayFractions = times.sort((a, b) => a - b).map((time) => (time - start) / (end - start));
  return { lines, carbLines, dayFractions, insulinUnits, carbGrams };
}
