/**
 * A quick check of the commonest upload, an array of plain glucose readings, so that validating
 * a batch of thousands does not cost zod's generic walk per datum (its `datetime()` builds a
 * RegExp per call). The contract's zod schemas stay the rule: the quick check only answers
 * "certainly valid", never "invalid", and anything it is unsure of goes to zod, which names the
 * problems.
 */
import { z } from 'zod';
import { DateTimeSchema, LocalDateTimeSchema, TimeZoneNameSchema } from '../common/time.js';
import { CGM_TRENDS } from './blood-glucose.js';
import { glucoseRangeProblem, type GlucoseUnits } from './glucose.js';

/** The one check of kind `kind` of a string schema (the rule the quick check must follow exactly). */
function stringCheck<Kind extends z.ZodStringCheck['kind']>(
  schema: z.ZodString,
  kind: Kind,
): Extract<z.ZodStringCheck, { kind: Kind }> {
  const check = schema._def.checks.find((candidate) => candidate.kind === kind);
  if (check === undefined) throw new Error(`The schema has no ${kind} check.`);
  return check as Extract<z.ZodStringCheck, { kind: Kind }>;
}

/** The very expression zod tests `time` with, compiled once. */
const DATE_TIME = z.datetimeRegex(stringCheck(DateTimeSchema, 'datetime'));
const LOCAL_DATE_TIME = stringCheck(LocalDateTimeSchema, 'regex').regex;
const TIME_ZONE_NAME = stringCheck(TimeZoneNameSchema, 'regex').regex;
const TIME_ZONE_NAME_LENGTH = stringCheck(TimeZoneNameSchema, 'max').value;
const GLUCOSE_UNITS: ReadonlySet<unknown> = new Set<GlucoseUnits>(['mg/dL', 'mg/dl', 'mmol/L', 'mmol/l']);
const SMBG_SUBTYPES: ReadonlySet<unknown> = new Set(['manual', 'linked']);
const TRENDS: ReadonlySet<unknown> = new Set(CGM_TRENDS);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Flat fields a plain reading may carry. The data service splits readings of only these
 * fields the quick way too.
 */
export const PLAIN_READING_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'subType',
  'time',
  'deviceId',
  'uploadId',
  'units',
  'value',
  'timezoneOffset',
  'clockDriftOffset',
  'conversionOffset',
  'deviceTime',
  'guid',
  'timezone',
  'trend',
  'trendRate',
  'sampleInterval',
  'backfilled',
]);

/** The fields of a CGM reading only: its trend (as Loop sends every reading), interval and backfill. */
const CGM_ONLY_FIELDS = ['trend', 'trendRate', 'sampleInterval', 'backfilled'] as const;

/**
 * Free-form objects a plain reading may carry besides (`z.record(z.string(), z.unknown())`):
 * a CGM's `payload` such as `{ "transmitterTime": 486799 }` is on nearly every reading of a
 * Dexcom Clarity export. Any other field (notes, annotations, …) sends the datum to zod.
 */
export const PLAIN_READING_RECORD_FIELDS: ReadonlySet<string> = new Set(['payload', 'origin']);

/**
 * Whether zod's `z.record(z.string(), z.unknown())` answers `value` as it is: a plain object,
 * without an own `__proto__` key (JSON text can make one; zod leaves it out of its answer).
 */
const isPlainRecord = (value: unknown): boolean =>
  value === undefined ||
  (typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, '__proto__'));

const isText = (value: unknown, minimum: number, maximum: number): value is string =>
  typeof value === 'string' && value.length >= minimum && value.length <= maximum;
const isOptionalInteger = (value: unknown, minimum = -Infinity, maximum = Infinity) =>
  value === undefined ||
  (Number.isInteger(value) && (value as number) >= minimum && (value as number) <= maximum);

/**
 * Whether `value` is a `cbg` or `smbg` reading of plain fields and records only that `DatumSchema`
 * accepts as it is. False means "ask zod", not "invalid". A test holds it to that against zod.
 */
export function isPlainReading(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  const datum = value as Record<string, unknown>;
  for (const key of Object.keys(datum)) {
    if (!PLAIN_READING_FIELDS.has(key) && !PLAIN_READING_RECORD_FIELDS.has(key)) return false;
  }
  const { type, units, value: reading } = datum;
  if (type === 'smbg') {
    if (datum.subType !== undefined && !SMBG_SUBTYPES.has(datum.subType)) return false;
    if (CGM_ONLY_FIELDS.some((field) => datum[field] !== undefined)) return false;
  } else if (type !== 'cbg' || datum.subType !== undefined) {
    return false;
  }
  const { trendRate } = datum;
  return (
    typeof datum.time === 'string' &&
    DATE_TIME.test(datum.time) &&
    isText(datum.deviceId, 1, 256) &&
    isText(datum.uploadId, 1, 64) &&
    GLUCOSE_UNITS.has(units) &&
    typeof reading === 'number' &&
    Number.isFinite(reading) &&
    glucoseRangeProblem(reading, units as GlucoseUnits) === undefined &&
    isOptionalInteger(datum.timezoneOffset, -1440, 1440) &&
    isOptionalInteger(datum.clockDriftOffset) &&
    isOptionalInteger(datum.conversionOffset) &&
    (datum.deviceTime === undefined ||
      (typeof datum.deviceTime === 'string' && LOCAL_DATE_TIME.test(datum.deviceTime))) &&
    (datum.guid === undefined || isText(datum.guid, 1, 128)) &&
    // A phone app's readings carry the zone's name (Tidepool Mobile, Loop): still plain.
    (datum.timezone === undefined ||
      (isText(datum.timezone, 0, TIME_ZONE_NAME_LENGTH) && TIME_ZONE_NAME.test(datum.timezone))) &&
    (datum.trend === undefined || TRENDS.has(datum.trend)) &&
    (trendRate === undefined || (typeof trendRate === 'number' && trendRate >= -100 && trendRate <= 100)) &&
    isOptionalInteger(datum.sampleInterval, 0, DAY_MS) &&
    (datum.backfilled === undefined || typeof datum.backfilled === 'boolean') &&
    isPlainRecord(datum.payload) &&
    isPlainRecord(datum.origin)
  );
}

/**
 * A zod schema for data (`DatumSchema` is one) that takes a plain reading (see
 * `isPlainReading`) as it is and gives any other value to zod's walk: checking an upload of
 * thousands of CGM readings with a few boluses and meals, or a Clarity export row by row, costs
 * the walk for those few only. Built from the definition of the schema it speeds up, so the
 * OpenAPI document and the inferred type are that schema's.
 */
export class PlainReadingFirst<
  Inner extends z.ZodTypeAny,
  Output = z.output<Inner>,
  Input = z.input<Inner>,
> extends z.ZodEffects<Inner, Output, Input> {
  override _parse(input: z.ParseInput): z.ParseReturnType<this['_output']> {
    if (isPlainReading(input.data)) return z.OK(input.data as this['_output']);
    return super._parse(input);
  }
}
