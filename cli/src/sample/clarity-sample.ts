/** A realistic, deterministic Dexcom Clarity CSV export: 5-minute readings with a daily pattern, meals, insulin, lows and highs. */
import { stringify } from 'csv-stringify/sync';
import { SeededRandom } from './seeded-random.js';
import { localMidnight, wallClockText } from './wall-clock.js';

/** What to generate. */
export interface ClaritySampleOptions {
  readonly days: number;
  readonly seed: number;
  /** The first local day, YYYY-MM-DD. */
  readonly start: string;
  /** The IANA zone the device clock shows. */
  readonly timezone: string;
}

/** The committed sample (`cli/samples/clarity-two-weeks.csv`) is made with these. */
export const DEFAULT_CLARITY_SAMPLE: ClaritySampleOptions = {
  days: 14,
  seed: 20240506,
  start: '2024-05-06',
  timezone: 'Europe/Paris',
};

const HEADER = [
  'Index',
  'Timestamp (YYYY-MM-DDThh:mm:ss)',
  'Event Type',
  'Event Subtype',
  'Patient Info',
  'Device Info',
  'Source Device ID',
  'Glucose Value (mg/dL)',
  'Insulin Value (u)',
  'Carb Value (grams)',
  'Duration (hh:mm:ss)',
  'Glucose Rate of Change (mg/dL/min)',
  'Transmitter Time (Long Integer)',
  'Transmitter ID',
] as const;
type Column = (typeof HEADER)[number];
type Cells = Partial<Record<Column, string>>;

const MINUTE_MS = 60_000;
const SOURCE = 'iOS G6';
/** The rows without a timestamp that open every export; the names are obviously made up. */
const INFO_ROWS: Cells[] = [
  { 'Event Type': 'FirstName', 'Patient Info': 'Sample' },
  { 'Event Type': 'LastName', 'Patient Info': 'Patient' },
  { 'Event Type': 'Device', 'Device Info': 'Dexcom G6 Mobile App', 'Source Device ID': SOURCE },
  {
    'Event Type': 'Alert',
    'Event Subtype': 'High',
    'Source Device ID': SOURCE,
    'Glucose Value (mg/dL)': '250',
  },
  {
    'Event Type': 'Alert',
    'Event Subtype': 'Low',
    'Source Device ID': SOURCE,
    'Glucose Value (mg/dL)': '70',
  },
  {
    'Event Type': 'Alert',
    'Event Subtype': 'Urgent Low',
    'Source Device ID': SOURCE,
    'Glucose Value (mg/dL)': '55',
  },
];

interface Meal {
  readonly atMs: number;
  readonly carbs: number;
  /** Fast-acting units taken 10 minutes before; 0 when the dose was forgotten. */
  readonly units: number;
}

interface TimedRow {
  readonly atMs: number;
  readonly cells: Cells;
}

/** Rise per gram of carbohydrate, peaking after an hour (a gamma-like curve). */
function mealEffect(minutes: number): number {
  return minutes <= 0 ? 0 : (minutes / 60) * Math.exp(1 - minutes / 60);
}

/** Fall per unit of fast-acting insulin, peaking after an hour and a half. */
function insulinEffect(minutes: number): number {
  return minutes <= 0 ? 0 : (minutes / 90) * Math.exp(1 - minutes / 90);
}

function dayStart(options: ClaritySampleOptions, day: number): number {
  const date = new Date(Date.parse(`${options.start}T00:00:00Z`) + day * 24 * 60 * MINUTE_MS);
  return localMidnight(date.toISOString().slice(0, 10), options.timezone);
}

function planMeals(options: ClaritySampleOptions, random: SeededRandom): Meal[] {
  const meals: Meal[] = [];
  for (let day = 0; day < options.days; day += 1) {
    const midnight = dayStart(options, day);
    for (const [earliest, latest, fewest, most] of [
      [435, 480, 35, 60],
      [720, 810, 45, 80],
      [1125, 1200, 50, 90],
    ] as const) {
      const atMs = midnight + random.integer(earliest, latest) * MINUTE_MS;
      // Day 9's dinner is large and its dose forgotten: the sample's high, past Clarity's "High".
      const forgotten = day === 8 && earliest === 1125;
      const carbs = forgotten ? 115 : random.integer(fewest, most);
      const units = forgotten ? 0 : Math.round((carbs / 10 + random.between(-0.5, 0.5)) * 2) / 2;
      meals.push({ atMs, carbs, units });
    }
  }
  return meals;
}

/** Glucose in mg/dL at an instant, before noise: baseline, dawn rise, meals, doses and the planned lows. */
function modelGlucose(atMs: number, options: ClaritySampleOptions, meals: readonly Meal[]): number {
  const hour = Number(wallClockText(options.timezone, atMs).slice(11, 13));
  const dawn = hour >= 4 && hour < 9 ? 20 * Math.sin(((hour - 4) / 5) * Math.PI) : 0;
  let glucose = 120 + dawn;
  for (const meal of meals) {
    const minutes = (atMs - meal.atMs) / MINUTE_MS;
    if (minutes < -15 || minutes > 420) continue;
    glucose += meal.carbs * 3 * mealEffect(minutes) - meal.units * 22 * insulinEffect(minutes + 10);
  }
  // Day 3: a night low below Clarity's "Low"; day 11: a mild afternoon low.
  for (const [day, minuteOfDay, depth] of [
    [2, 160, 100],
    [10, 960, 70],
  ] as const) {
    if (day >= options.days) continue;
    const centre = dayStart(options, day) + minuteOfDay * MINUTE_MS;
    glucose -= depth * Math.exp(-(((atMs - centre) / (35 * MINUTE_MS)) ** 2));
  }
  return glucose;
}

function readings(options: ClaritySampleOptions, random: SeededRandom, meals: readonly Meal[]): TimedRow[] {
  const rows: TimedRow[] = [];
  const transmitterId = `8${random
    .integer(0, 36 ** 5 - 1)
    .toString(36)
    .toUpperCase()
    .padStart(5, '0')}`;
  const firstMs = dayStart(options, 0) + random.integer(0, 299) * 1000;
  const count = Math.round((dayStart(options, options.days) - dayStart(options, 0)) / (5 * MINUTE_MS));
  const transmitterStart = random.integer(100_000, 2_000_000);
  let noise = 0;
  let previous: number | undefined;
  let urgentLow = false;
  for (let index = 0; index < count; index += 1) {
    const atMs = firstMs + index * 5 * MINUTE_MS;
    noise = 0.9 * noise + random.normal(0, 4);
    const value = Math.round(modelGlucose(atMs, options, meals) + noise);
    const shown = value < 40 ? 'Low' : value > 400 ? 'High' : String(value);
    const rate = previous === undefined || shown !== String(value) ? '' : ((value - previous) / 5).toFixed(1);
    previous = shown === String(value) ? value : undefined;
    rows.push({
      atMs,
      cells: {
        'Event Type': 'EGV',
        'Source Device ID': SOURCE,
        'Glucose Value (mg/dL)': shown,
        'Glucose Rate of Change (mg/dL/min)': rate,
        'Transmitter Time (Long Integer)': String(transmitterStart + index * 300),
        'Transmitter ID': transmitterId,
      },
    });
    if (value < 55 && !urgentLow) {
      rows.push({
        atMs,
        cells: { 'Event Type': 'Alert', 'Event Subtype': 'Urgent Low', 'Source Device ID': SOURCE },
      });
    }
    urgentLow = value < 55;
  }
  return rows;
}

function entries(options: ClaritySampleOptions, random: SeededRandom, meals: readonly Meal[]): TimedRow[] {
  const rows: TimedRow[] = [];
  for (const meal of meals) {
    rows.push({
      atMs: meal.atMs,
      cells: { 'Event Type': 'Carbs', 'Source Device ID': SOURCE, 'Carb Value (grams)': String(meal.carbs) },
    });
    if (meal.units > 0) {
      const cells = { 'Event Type': 'Insulin', 'Event Subtype': 'Fast-Acting', 'Source Device ID': SOURCE };
      rows.push({
        atMs: meal.atMs - 10 * MINUTE_MS,
        cells: { ...cells, 'Insulin Value (u)': meal.units.toFixed(1) },
      });
    }
  }
  for (let day = 0; day < options.days; day += 1) {
    const midnight = dayStart(options, day);
    const longActing = {
      'Event Type': 'Insulin',
      'Event Subtype': 'Long-Acting',
      'Source Device ID': SOURCE,
    };
    rows.push({
      atMs: midnight + 22 * 60 * MINUTE_MS,
      cells: { ...longActing, 'Insulin Value (u)': '18.0' },
    });
    if (day % 3 === 1) {
      const atMs = midnight + random.integer(420, 440) * MINUTE_MS;
      const value = Math.round(modelGlucose(atMs, options, meals) * random.between(0.95, 1.05));
      rows.push({
        atMs,
        cells: {
          'Event Type': 'Calibration',
          'Source Device ID': SOURCE,
          'Glucose Value (mg/dL)': String(value),
        },
      });
    }
  }
  return rows;
}

/**
 * A Clarity CSV export of `days` days: 288 readings a day with a dawn rise and three meals
 * (carbs and fast-acting doses), a long-acting dose each evening, a calibration every third
 * day, a night low below "Low", a forgotten dose above "High" and a mild afternoon low.
 * The same options give the same bytes.
 */
export function generateClaritySample(options: ClaritySampleOptions): string {
  const random = new SeededRandom(options.seed);
  const meals = planMeals(options, random);
  const timed = [...readings(options, random, meals), ...entries(options, random, meals)].sort(
    (first, second) => first.atMs - second.atMs,
  );
  const rows: Cells[] = [
    ...INFO_ROWS,
    ...timed.map(({ atMs, cells }) => ({
      ...cells,
      'Timestamp (YYYY-MM-DDThh:mm:ss)': wallClockText(options.timezone, atMs),
    })),
  ];
  const records = rows.map((cells, index) =>
    HEADER.map((column) => (column === 'Index' ? String(index + 1) : (cells[column] ?? ''))),
  );
  return stringify([[...HEADER], ...records], { record_delimiter: 'unix' });
}
