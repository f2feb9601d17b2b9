/** One timestamped row of a Clarity export turned into a Tidepool datum, or the reason it is left out. */
import { DatumSchema } from '@tidepool/spec';
import type { Datum, GlucoseUnits, PhysicalActivity, ReportedState } from '@tidepool/spec';
import { cell } from './clarity-columns.js';
import type { ClarityColumns } from './clarity-columns.js';
import { contentId } from './content-id.js';
import { formatLocalDateTime, localTimeToInstant, parseLocalDateTime } from './time-zone.js';
import type { ResolvedLocalTime } from './time-zone.js';

/**
 * What Clarity shows instead of a number outside the sensor's range, and the value Tidepool
 * stores for it: the range's end, with a `bg/out-of-range` annotation saying which side.
 */
const OUT_OF_RANGE: Readonly<Record<'mg/dL' | 'mmol/L', { low: number; high: number }>> = {
  'mg/dL': { low: 40, high: 400 },
  'mmol/L': { low: 2.2, high: 22.2 },
};

/** Where a transmitter's clock was at a known instant, to place readings of a repeated hour. */
interface TransmitterAnchor {
  readonly seconds: number;
  readonly instantMs: number;
}

/** What every row of one file shares. */
export interface ClarityRowContext {
  readonly columns: ClarityColumns;
  readonly timeZone: string;
  readonly uploadId: string;
  /** The device id of rows that name neither a source device nor a transmitter. */
  readonly fallbackDeviceId: string;
  /** The last unambiguous reading of each transmitter, updated as rows are read. */
  readonly anchors: Map<string, TransmitterAnchor>;
}

/** A datum, or why the row is not imported. */
export type ClarityRowOutcome = { readonly datum: Datum } | { readonly skip: string };

/** A device id from a Clarity device name: `Dexcom_` and the name, spaces made underscores. */
export function clarityDeviceId(name: string): string {
  return `Dexcom_${name.replace(/\s+/g, '_')}`.slice(0, 256);
}

/** Up to 40 characters of a cell, to quote in a reason without flooding the report. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function glucose(
  text: string,
  units: GlucoseUnits,
): { value: number; annotations?: Datum['annotations'] } | string {
  const limits = OUT_OF_RANGE[units === 'mmol/L' || units === 'mmol/l' ? 'mmol/L' : 'mg/dL'];
  const lowered = text.toLowerCase();
  if (lowered === 'low' || lowered === 'high') {
    const threshold = lowered === 'low' ? limits.low : limits.high;
    return { value: threshold, annotations: [{ code: 'bg/out-of-range', value: lowered, threshold }] };
  }
  if (text === '') return 'no glucose value';
  if (!/^\d+(\.\d+)?$/.test(text)) return `glucose value ${quote(text)} is not a number, Low or High`;
  return { value: Number(text) };
}

function amount(text: string, what: string): number | string {
  if (text === '') return `no ${what}`;
  if (!/^\d+(\.\d+)?$/.test(text)) return `${what} ${quote(text)} is not a number`;
  return Number(text);
}

/** Clarity's exercise intensities, as Tidepool's `reportedIntensity`. */
const INTENSITIES: Readonly<Record<string, NonNullable<PhysicalActivity['reportedIntensity']>>> = {
  light: 'low',
  medium: 'medium',
  heavy: 'high',
};

/** Clarity's health events, as Tidepool's reported states. */
const HEALTH_STATES: Readonly<Record<string, ReportedState['states'][number]['state']>> = {
  illness: 'illness',
  stress: 'stress',
  'high symptoms': 'hyperglycemiaSymptoms',
  'low symptoms': 'hypoglycemiaSymptoms',
  cycle: 'cycle',
  alcohol: 'alcohol',
};

/** Minutes of an `hh:mm:ss` duration, or why it is not one. */
function minutes(text: string): number | string {
  const match = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(text);
  if (match === null) return `duration ${quote(text)} is not hh:mm:ss`;
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) / 60;
}

/** The instant of the row's local time; a repeated hour is placed by the transmitter's own clock. */
function resolveTime(wallMs: number, row: readonly string[], context: ClarityRowContext): ResolvedLocalTime {
  const transmitterId = cell(row, context.columns.transmitterId);
  const secondsText = cell(row, context.columns.transmitterTime);
  const seconds = /^\d+$/.test(secondsText) ? Number(secondsText) : undefined;
  const anchor = seconds === undefined ? undefined : context.anchors.get(transmitterId);
  const expectedMs =
    anchor === undefined || seconds === undefined
      ? undefined
      : anchor.instantMs + (seconds - anchor.seconds) * 1000;
  const resolved = localTimeToInstant(wallMs, context.timeZone, expectedMs);
  if (resolved.kind === 'exact' && seconds !== undefined && transmitterId !== '') {
    context.anchors.set(transmitterId, { seconds, instantMs: resolved.instantMs });
  }
  return resolved;
}

/** The type-specific fields of the row's datum, or why there is none. */
function typeFields(eventType: string, row: readonly string[], columns: ClarityColumns) {
  const subtype = cell(row, columns.eventSubtype);
  switch (eventType.toLowerCase()) {
    case 'egv':
    case 'calibration': {
      const reading = glucose(cell(row, columns.glucoseValue), columns.glucoseUnits);
      if (typeof reading === 'string') return reading;
      return eventType.toLowerCase() === 'egv'
        ? { type: 'cbg' as const, units: columns.glucoseUnits, ...reading }
        : { type: 'smbg' as const, subType: 'manual' as const, units: columns.glucoseUnits, ...reading };
    }
    case 'carbs': {
      const grams = amount(cell(row, columns.carbValue), 'carb value');
      if (typeof grams === 'string') return grams;
      return { type: 'food' as const, nutrition: { carbohydrate: { net: grams, units: 'grams' as const } } };
    }
    case 'insulin': {
      const kind = subtype.toLowerCase();
      if (kind !== 'fast-acting' && kind !== 'long-acting') {
        return `${subtype === '' ? 'insulin of no kind' : `${quote(subtype)} insulin`} is not imported: only fast-acting and long-acting doses are known`;
      }
      const units = amount(cell(row, columns.insulinValue), 'insulin value');
      if (typeof units === 'string') return units;
      // A fast-acting dose stays the `normal` bolus it was imported as before the `insulin` type
      // existed: as an injection its content, so its id, would change, and importing an export
      // again would store each dose a second time. A long-acting one is not a pump's basal.
      return kind === 'fast-acting'
        ? { type: 'bolus' as const, subType: 'normal' as const, normal: units }
        : {
            type: 'insulin' as const,
            dose: { total: units, units: 'Units' as const },
            formulation: { simple: { actingType: 'long' as const } },
          };
    }
    case 'exercise': {
      const intensity = INTENSITIES[subtype.toLowerCase()];
      if (subtype !== '' && intensity === undefined) {
        return `exercise of intensity ${quote(subtype)} is not imported`;
      }
      const durationText = cell(row, columns.duration);
      const duration = durationText === '' ? undefined : minutes(durationText);
      if (typeof duration === 'string') return duration;
      return {
        type: 'physicalActivity' as const,
        ...(intensity === undefined ? {} : { reportedIntensity: intensity }),
        ...(duration === undefined ? {} : { duration: { units: 'minutes' as const, value: duration } }),
      };
    }
    case 'health': {
      const state = HEALTH_STATES[subtype.toLowerCase()];
      if (state === undefined) {
        return `${subtype === '' ? 'a health event of no kind' : `health event ${quote(subtype)}`} is not imported`;
      }
      return { type: 'reportedState' as const, states: [{ state }] };
    }
    default:
      return `${quote(eventType)} events are not imported`;
  }
}

/** Converts one row that has a timestamp; the datum is checked against the contract's schema. */
export function clarityRowToDatum(row: readonly string[], context: ClarityRowContext): ClarityRowOutcome {
  const { columns } = context;
  const eventType = cell(row, columns.eventType);
  const timestamp = cell(row, columns.timestamp);
  const wallMs = parseLocalDateTime(timestamp);
  if (wallMs === undefined) return { skip: `timestamp ${quote(timestamp)} is not YYYY-MM-DDThh:mm:ss` };
  const fields = typeFields(eventType, row, columns);
  if (typeof fields === 'string') return { skip: fields };
  const { instantMs, offsetMinutes } = resolveTime(wallMs, row, context);
  const source = cell(row, columns.sourceDeviceId) || cell(row, columns.transmitterId);
  const secondsText = cell(row, columns.transmitterTime);
  const rateText = cell(row, columns.rateOfChange);
  let payload: { transmitterTime?: number; trendRate?: number } | undefined;
  if (/^\d+$/.test(secondsText)) payload = { transmitterTime: Number(secondsText) };
  if (/^-?\d+(\.\d+)?$/.test(rateText)) (payload ??= {}).trendRate = Number(rateText);
  // Fields added one by one to the object typeFields made, not spread into new ones: that took
  // 40 % off a whole file's parse. The order of the keys is the one the guid was always made of.
  const content: Record<string, unknown> = fields;
  content.time = new Date(instantMs).toISOString();
  content.timezoneOffset = offsetMinutes;
  content.deviceTime = formatLocalDateTime(wallMs);
  content.deviceId = source === '' ? context.fallbackDeviceId : clarityDeviceId(source);
  if (payload !== undefined) content.payload = payload;
  // The guid leaves out the upload id, so a reading that two overlapping exports both hold is
  // recognised as the same one by the server's duplicate check.
  const guid = contentId('', JSON.stringify(content));
  content.uploadId = context.uploadId;
  content.guid = guid;
  const checked = DatumSchema.safeParse(content);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { skip: `${issue?.path.join('.') ?? 'datum'}: ${issue?.message ?? 'invalid'}` };
  }
  return { datum: checked.data };
}
