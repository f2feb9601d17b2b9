/**
 * A day's boluses, injections and carbs as lines for people (when, what and how much), with the
 * day's totals, a pump's basal insulin among them.
 */
import type { StoredDatum } from '@tidepool/sdk';

/** One line of the day's list. */
export interface DoseLine {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** What it was: `Bolus`, `Long-acting insulin (Tresiba)`, `Carbs (Lunch)`, … */
  readonly what: string;
  /** How much, written out: `4.5 units`, `5 units (3 units over 2 h)`, `45 g`. */
  readonly amount: string;
  /** Insulin or carbs: the row of the chart it is marked on. */
  readonly kind: 'insulin' | 'carbs';
  /** How much, as short as the chart's mark needs: `4.5 U`, `45 g`, `? U` when a dose is not given. */
  readonly mark: string;
}

/** The lines of a day in time order, and what they add up to. */
export interface DayDoses {
  readonly lines: readonly DoseLine[];
  /** Units of insulin of the boluses and injections. */
  readonly insulinUnits: number;
  /** Units a pump delivered at its basal rates during the day; `undefined` when no basal segment covers any of it. */
  readonly basalUnits: number | undefined;
  readonly carbGrams: number;
  /**
   * The boluses a closed loop gave on its own: counted in `insulinUnits` but not listed, as a
   * loop gives dozens of small ones a day.
   */
  readonly automated: { readonly count: number; readonly units: number };
}

/** The types of data the list and its totals are made of, as the data service's `type` filter takes them. */
export const DOSE_TYPES = ['bolus', 'insulin', 'food', 'basal'] as const;

const MILLISECONDS_PER_HOUR = 3_600_000;

const ACTING_TYPE_NAMES = {
  rapid: 'Rapid-acting insulin',
  short: 'Short-acting insulin',
  intermediate: 'Intermediate-acting insulin',
  long: 'Long-acting insulin',
} as const;

const BOLUS_NAMES = {
  normal: 'Bolus',
  square: 'Extended bolus',
  'dual/square': 'Dual bolus',
  automated: 'Automated bolus',
} as const;

/** `1 unit`, `4.5 units`, `0.25 units`: at most two decimals, as pumps and pens count. */
export function formatUnits(units: number): string {
  const text = Number(units.toFixed(2)).toString();
  return text === '1' ? '1 unit' : `${text} units`;
}

/** `4.5 U`: units for a mark on the chart, where `4.5 units` would not fit. */
function shortUnits(units: number): string {
  return `${Number(units.toFixed(2)).toString()} U`;
}

/** `45 g`, `12.5 g`. */
export function formatGrams(grams: number): string {
  return `${Number(grams.toFixed(1)).toString()} g`;
}

/** `2 h`, `30 min`, `1 h 30 min`. */
function formatDuration(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A name the datum gives itself, in brackets after what it is. */
function withName(what: string, name: string | undefined): string {
  return name === undefined ? what : `${what} (${name})`;
}

/** What one datum adds to the day: its line, its units or grams, and whether it is listed. */
interface DoseEntry {
  readonly line: DoseLine;
  readonly units: number;
  readonly grams: number;
  /** False for an automated bolus: in the totals, not in the list or on the chart. */
  readonly listed: boolean;
}

/** The entry of one datum, or undefined for other types. */
function doseLine(datum: StoredDatum): DoseEntry | undefined {
  const time = Date.parse(datum.time);
  if (Number.isNaN(time)) return undefined;
  switch (datum.type) {
    case 'bolus': {
      // What was delivered: at once, over a duration, or both.
      const units = (datum.normal ?? 0) + (datum.extended ?? 0);
      const over =
        datum.extended !== undefined && datum.duration !== undefined
          ? ` (${formatUnits(datum.extended)} over ${formatDuration(datum.duration)})`
          : '';
      const amount = `${formatUnits(units)}${over}`;
      return {
        line: { time, what: BOLUS_NAMES[datum.subType], amount, kind: 'insulin', mark: shortUnits(units) },
        units,
        grams: 0,
        listed: datum.subType !== 'automated',
      };
    }
    case 'insulin': {
      const simple = datum.formulation?.simple;
      const kind = simple === undefined ? 'Insulin' : ACTING_TYPE_NAMES[simple.actingType];
      const what = withName(kind, simple?.brand ?? datum.formulation?.name);
      const units = datum.dose?.total;
      const amount = units === undefined ? 'Dose not given' : formatUnits(units);
      const mark = units === undefined ? '? U' : shortUnits(units);
      return {
        line: { time, what, amount, kind: 'insulin', mark },
        units: units ?? 0,
        grams: 0,
        listed: true,
      };
    }
    case 'food': {
      // A food without carbohydrates (only its protein or energy given) has nothing for this list.
      const grams = datum.nutrition?.carbohydrate?.net;
      if (grams === undefined) return undefined;
      return {
        line: {
          time,
          what: withName('Carbs', datum.name),
          amount: formatGrams(grams),
          kind: 'carbs',
          mark: formatGrams(grams),
        },
        units: 0,
        grams,
        listed: true,
      };
    }
    default:
      return undefined;
  }
}

/** A basal segment as the sum needs it: from when to when (milliseconds since the epoch), at how many units an hour. */
interface BasalSegment {
  readonly start: number;
  readonly end: number;
  readonly unitsPerHour: number;
}

function basalSegment(datum: StoredDatum): BasalSegment | undefined {
  if (datum.type !== 'basal') return undefined;
  const start = Date.parse(datum.time);
  if (Number.isNaN(start)) return undefined;
  // A suspended pump delivers nothing, whatever rate it names.
  const unitsPerHour = datum.deliveryType === 'suspend' ? 0 : (datum.rate ?? 0);
  return { start, end: start + datum.duration, unitsPerHour };
}

/**
 * The units delivered at basal rates during [start, end): each segment's rate over the part of
 * it inside the day. A segment that began the day before counts from midnight on, and one that
 * runs past the day's end counts up to it. A segment ends where the next one begins, as a pump
 * runs one rate at a time, so that segments a device wrote overlapping are not counted twice.
 * `undefined` when no segment covers any of the day.
 */
export function dayBasalUnits(data: readonly StoredDatum[], start: Date, end: Date): number | undefined {
  const segments = data
    .map(basalSegment)
    .filter((segment) => segment !== undefined)
    .sort((left, right) => left.start - right.start);
  let units: number | undefined;
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    const from = Math.max(segment.start, start.getTime());
    const to = Math.min(segment.end, next?.start ?? Infinity, end.getTime());
    if (to <= from) return;
    units = (units ?? 0) + (segment.unitsPerHour * (to - from)) / MILLISECONDS_PER_HOUR;
  });
  return units;
}

/**
 * The boluses, injections and carbs among `data` that fall in [start, end), in time order
 * (the data service sorts by time already, but the page must not depend on it), their sums,
 * and the basal insulin of the day (`data` holds the segment that was running at `start`, if
 * any, for its part after midnight to count).
 *
 * @example dayDoses(data, dayStart('2024-05-01'), dayEnd('2024-05-01')).insulinUnits // 32.5
 */
export function dayDoses(data: readonly StoredDatum[], start: Date, end: Date): DayDoses {
  const entries = data
    .map(doseLine)
    .filter((entry) => entry !== undefined)
    .filter(({ line }) => line.time >= start.getTime() && line.time < end.getTime())
    .sort((left, right) => left.line.time - right.line.time);
  const automated = entries.filter((entry) => !entry.listed);
  return {
    lines: entries.filter((entry) => entry.listed).map(({ line }) => line),
    insulinUnits: entries.reduce((sum, entry) => sum + entry.units, 0),
    basalUnits: dayBasalUnits(data, start, end),
    carbGrams: entries.reduce((sum, entry) => sum + entry.grams, 0),
    automated: {
      count: automated.length,
      units: automated.reduce((sum, entry) => sum + entry.units, 0),
    },
  };
}

/**
 * The day's totals in a sentence or two: the whole day's insulin and what of it was basal, when
 * a pump says, and how much came in automated boluses, which the list leaves out.
 */
export function describeDayDoses(doses: DayDoses): string {
  const carbs = `Carbs: ${formatGrams(doses.carbGrams)}.`;
  const { count, units } = doses.automated;
  const automated =
    count === 0
      ? ''
      : ` Of the boluses, ${formatUnits(units)} came in ${count === 1 ? '1 automated bolus' : `${count} automated boluses`}, not listed one by one.`;
  if (doses.basalUnits !== undefined) {
    const total = doses.basalUnits + doses.insulinUnits;
    return `Insulin: ${formatUnits(total)} (basal ${formatUnits(doses.basalUnits)}, boluses and injections ${formatUnits(doses.insulinUnits)}). ${carbs}${automated}`;
  }
  if (doses.lines.length === 0 && count === 0) return 'No boluses, injections or carbs on this day.';
  return `Insulin from boluses and injections: ${formatUnits(doses.insulinUnits)}. ${carbs}${automated}`;
}
