/** A day's boluses, injections and carbs as lines for people: when, what and how much, with the day's totals. */
import type { StoredDatum } from '@tidepool/sdk';

/** One line of the day's list. */
export interface DoseLine {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** What it was: `Bolus`, `Long-acting insulin (Tresiba)`, `Carbs (Lunch)`, … */
  readonly what: string;
  /** How much, written out: `4.5 units`, `5 units (3 units over 2 h)`, `45 g`. */
  readonly amount: string;
}

/** The lines of a day in time order, and what they add up to. */
export interface DayDoses {
  readonly lines: readonly DoseLine[];
  /** Units of insulin of the boluses and injections (a pump's basal rates are not among them). */
  readonly insulinUnits: number;
  readonly carbGrams: number;
}

/** The types of data the list is made of, as the data service's `type` filter takes them. */
export const DOSE_TYPES = ['bolus', 'insulin', 'food'] as const;

const ACTING_TYPE_NAMES = {
  rapid: 'Rapid-acting insulin',
  short: 'Short-acting insulin',
  intermediate: 'Intermediate-acting insulin',
  long: 'Long-acting insulin',
} as const;

const BOLUS_NAMES = { normal: 'Bolus', square: 'Extended bolus', 'dual/square': 'Dual bolus' } as const;

/** `1 unit`, `4.5 units`, `0.25 units`: at most two decimals, as pumps and pens count. */
export function formatUnits(units: number): string {
  const text = Number(units.toFixed(2)).toString();
  return text === '1' ? '1 unit' : `${text} units`;
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

/** The line of one datum with how many units or grams it adds, or undefined for other types. */
function doseLine(datum: StoredDatum): { line: DoseLine; units: number; grams: number } | undefined {
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
      const amount = datum.subType === 'normal' ? formatUnits(units) : `${formatUnits(units)}${over}`;
      return { line: { time, what: BOLUS_NAMES[datum.subType], amount }, units, grams: 0 };
    }
    case 'insulin': {
      const simple = datum.formulation?.simple;
      const kind = simple === undefined ? 'Insulin' : ACTING_TYPE_NAMES[simple.actingType];
      const what = withName(kind, simple?.brand ?? datum.formulation?.name);
      const units = datum.dose?.total;
      const amount = units === undefined ? 'Dose not given' : formatUnits(units);
      return { line: { time, what, amount }, units: units ?? 0, grams: 0 };
    }
    case 'food': {
      const grams = datum.nutrition.carbohydrate.net;
      return {
        line: { time, what: withName('Carbs', datum.name), amount: formatGrams(grams) },
        units: 0,
        grams,
      };
    }
    default:
      return undefined;
  }
}

/**
 * The boluses, injections and carbs among `data` that fall in [start, end), in time order
 * (the data service sorts by time already, but the page must not depend on it), and their sums.
 *
 * @example dayDoses(data, dayStart('2024-05-01'), dayEnd('2024-05-01')).insulinUnits // 32.5
 */
export function dayDoses(data: readonly StoredDatum[], start: Date, end: Date): DayDoses {
  const entries = data
    .map(doseLine)
    .filter((entry) => entry !== undefined)
    .filter(({ line }) => line.time >= start.getTime() && line.time < end.getTime())
    .sort((left, right) => left.line.time - right.line.time);
  return {
    lines: entries.map(({ line }) => line),
    insulinUnits: entries.reduce((sum, entry) => sum + entry.units, 0),
    carbGrams: entries.reduce((sum, entry) => sum + entry.grams, 0),
  };
}

/** One sentence of the day's totals. */
export function describeDayDoses(doses: DayDoses): string {
  if (doses.lines.length === 0) return 'No boluses, injections or carbs on this day.';
  return `Insulin from boluses and injections: ${formatUnits(doses.insulinUnits)}. Carbs: ${formatGrams(doses.carbGrams)}.`;
}
