/**
 * A quick check of the commonest upload, an array of plain glucose readings, so that validating
 * a batch of thousands does not cost zod's generic walk per datum (its `datetime()` builds a
 * RegExp per call). The contract's zod schemas stay the rule: the quick check only answers
 * "certainly valid", never "invalid", and anything it is unsure of goes to zod, which names the
 * problems.
 */
import { z } from 'zod';
import { DateTimeSchema, LocalDateTimeSchema } from '../common/time.js';
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
const GLUCOSE_UNITS: ReadonlySet<unknown> = new Set<GlucoseUnits>(['mg/dL', 'mg/dl', 'mmol/L', 'mmol/l']);
const SMBG_SUBTYPES: ReadonlySet<unknown> = new Set(['manual', 'linked']);

/**
 * Fields a plain reading may carry, all flat; any other field (notes, payload, …) sends the
 * datum to zod. The data service splits such readings the quick way too.
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
]);

const isText = (value: unknown, minimum: number, maximum: number): value is string =>
  typeof value === 'string' && value.length >= minimum && value.length <= maximum;
const isOptionalInteger = (value: unknown, minimum = -Infinity, maximum = Infinity) =>
  value === undefined ||
  (Number.isInteger(value) && (value as number) >= minimum && (value as number) <= maximum);

/**
 * Whether `value` is a `cbg` or `smbg` reading made of plain fields only that `DatumSchema`
 * accepts as it is. False means "ask zod", not "invalid". A test holds it to that against zod.
 */
export function isPlainReading(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  const datum = value as Record<string, unknown>;
  for (const key of Object.keys(datum)) if (!PLAIN_READING_FIELDS.has(key)) return false;
  const { type, units, value: reading } = datum;
  if (type === 'smbg') {
    if (datum.subType !== undefined && !SMBG_SUBTYPES.has(datum.subType)) return false;
  } else if (type !== 'cbg' || datum.subType !== undefined) {
    return false;
  }
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
    (datum.guid === undefined || isText(datum.guid, 1, 128))
  );
}

/**
 * `z.array(DatumSchema)` that takes an array of plain readings (see `isPlainReading`) as it is
 * and gives any other array to zod. Its definition is the array's, so the OpenAPI document and
 * the inferred type do not change.
 */
export class PlainReadingsFirstArray<Item extends z.ZodTypeAny> extends z.ZodArray<Item> {
  override _parse(input: z.ParseInput): z.ParseReturnType<this['_output']> {
    const { exactLength, minLength, maxLength } = this._def;
    const data: unknown = input.data;
    if (
      Array.isArray(data) &&
      exactLength === null &&
      (minLength === null || data.length >= minLength.value) &&
      (maxLength === null || data.length <= maxLength.value) &&
      data.every(isPlainReading)
    ) {
      return z.OK(data as this['_output']);
    }
    return super._parse(input);
  }
}
