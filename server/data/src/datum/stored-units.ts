/** Glucose in the units data is stored in: every mg/dL value becomes mmol/L on the way in (DESIGN.md §9). */
import {
  isMilligramsPerDeciliter,
  MMOL_L_TO_MG_DL,
  type Datum,
  type GlucoseUnits,
  type StoredDatum,
} from '@tidepool/spec';

/** `Omit` applied to each member of a union (the plain one keeps only the keys all members share). */
type OmitEach<Union, Keys extends PropertyKey> = Union extends unknown ? Omit<Union, Keys> : never;

/** A datum as stored, before the server's `id` and `createdTime`. */
export type StoredFields = OmitEach<StoredDatum, 'id' | 'createdTime'>;

/** The one unit glucose is stored in. */
export const STORED_UNITS = 'mmol/L' as const;

interface GlucoseTarget {
  readonly low?: number | undefined;
  readonly high?: number | undefined;
  readonly target?: number | undefined;
  readonly range?: number | undefined;
}

/**
 * The datum with every glucose value in mmol/L (÷ 18.01559, Tidepool's constant) and every
 * glucose `units` field saying so; values already in mmol/L are kept as they are. Also covers
 * glucose fields other than `value`: a CGM reading's trend rate (per minute), wizard inputs and
 * targets, pump targets, sensitivities, safety limit and preset targets, a settings override's
 * target, CGM alert levels and rates (per minute), a dosing decision's readings, forecast and
 * targets. A CGM's `displayUnits` keeps what it showed.
 */
export function toStoredUnits(datum: Datum): StoredFields {
  switch (datum.type) {
    case 'cbg': {
      const convert = converter(datum.units);
      // The trend rate is glucose per minute: it converts as glucose does.
      return {
        ...datum,
        units: STORED_UNITS,
        value: convert(datum.value),
        trendRate: optional(datum.trendRate, convert),
      };
    }
    case 'smbg': {
      const convert = converter(datum.units);
      return { ...datum, units: STORED_UNITS, value: convert(datum.value) };
    }
    case 'bloodKetone':
      // Ketones are mmol/L in either spelling; stored in one, as Tidepool normalises them.
      return { ...datum, units: STORED_UNITS };
    case 'deviceEvent': {
      if (datum.units === undefined) return { ...datum, units: undefined };
      if (typeof datum.units === 'object') {
        // A settings override's target, in `units.bg`.
        const convert = converter(datum.units.bg);
        return {
          ...datum,
          units: { bg: STORED_UNITS },
          bgTarget: optional(datum.bgTarget, (target) => convertTarget(target, convert)),
        };
      }
      const convert = converter(datum.units);
      return { ...datum, units: STORED_UNITS, value: optional(datum.value, convert) };
    }
    case 'wizard': {
      const convert = converter(datum.units);
      return {
        ...datum,
        units: STORED_UNITS,
        bgInput: optional(datum.bgInput, convert),
        insulinSensitivity: optional(datum.insulinSensitivity, convert),
        bgTarget: optional(datum.bgTarget, (target) => convertTarget(target, convert)),
      };
    }
    case 'pumpSettings': {
      const convert = converter(datum.units.bg);
      const convertAmount = <T extends { amount: number }>(segment: T): T => ({
        ...segment,
        amount: convert(segment.amount),
      });
      const toTarget = <T extends GlucoseTarget>(target: T): T => convertTarget(target, convert);
      return {
        ...datum,
        units: { ...datum.units, bg: STORED_UNITS },
        bgTarget: datum.bgTarget?.map(toTarget),
        bgTargets: mapValues(datum.bgTargets, (segments) => segments.map(toTarget)),
        bgSafetyLimit: optional(datum.bgSafetyLimit, convert),
        bgTargetPhysicalActivity: optional(datum.bgTargetPhysicalActivity, toTarget),
        bgTargetPreprandial: optional(datum.bgTargetPreprandial, toTarget),
        overridePresets: mapValues(datum.overridePresets, (preset) => ({
          ...preset,
          bgTarget: optional(preset.bgTarget, toTarget),
        })),
        insulinSensitivity: datum.insulinSensitivity?.map(convertAmount),
        insulinSensitivities: mapValues(datum.insulinSensitivities, (segments) =>
          segments.map(convertAmount),
        ),
      };
    }
    case 'dosingDecision': {
      const convert = converter(datum.units.bg);
      const convertValue = <T extends { value: number }>(reading: T): T => ({
        ...reading,
        value: convert(reading.value),
      });
      return {
        ...datum,
        units: { ...datum.units, bg: STORED_UNITS },
        smbg: optional(datum.smbg, convertValue),
        bgHistorical: datum.bgHistorical?.map(convertValue),
        bgForecast: datum.bgForecast?.map(convertValue),
        bgTargetSchedule: datum.bgTargetSchedule?.map((segment) => convertTarget(segment, convert)),
      };
    }
    case 'cgmSettings': {
      const convert = converter(datum.units);
      const convertRate = <T extends { rate: number }>(alert: T): T => ({
        ...alert,
        rate: convert(alert.rate),
      });
      const convertLevel = <T extends { level?: number | undefined }>(alert: T): T => ({
        ...alert,
        level: optional(alert.level, convert),
      });
      const rates = datum.rateOfChangeAlerts;
      return {
        ...datum,
        units: STORED_UNITS,
        displayUnits: datum.displayUnits ?? datum.units,
        lowAlerts: optional(datum.lowAlerts, convertLevel),
        highAlerts: optional(datum.highAlerts, convertLevel),
        rateOfChangeAlerts:
          rates === undefined
            ? undefined
            : {
                fallRate: optional(rates.fallRate, convertRate),
                riseRate: optional(rates.riseRate, convertRate),
              },
      };
    }
    case 'basal':
    case 'bolus':
    case 'insulin':
    case 'food':
    case 'physicalActivity':
    case 'reportedState':
    case 'controllerStatus':
    case 'controllerSettings':
    case 'alert':
    case 'water':
    case 'pumpStatus':
    case 'upload':
      return datum;
  }
}

function converter(units: GlucoseUnits): (value: number) => number {
  return isMilligramsPerDeciliter(units) ? (value) => value / MMOL_L_TO_MG_DL : (value) => value;
}

function optional<T, R>(value: T | undefined, convert: (value: T) => R): R | undefined {
  return value === undefined ? undefined : convert(value);
}

function convertTarget<T extends GlucoseTarget>(target: T, convert: (value: number) => number): T {
  return {
    ...target,
    low: optional(target.low, convert),
    high: optional(target.high, convert),
    target: optional(target.target, convert),
    range: optional(target.range, convert),
  };
}

/** Each value of a record (named schedules, presets) converted, under the same name. */
function mapValues<T, R>(
  values: Readonly<Record<string, T>> | undefined,
  convert: (value: T) => R,
): Record<string, R> | undefined {
  if (values === undefined) return undefined;
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, convert(value)]));
}
