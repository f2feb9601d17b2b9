/**
 * Rules of the types a closed loop (Loop, Tidepool Loop) sends that span fields: its dosing
 * decisions, device statuses and settings, and its alerts.
 */
import type { GlucoseUnits } from './glucose.js';
import { BOLUS_CALCULATOR_INSULIN_DURATION_MAXIMUM } from './pump-settings.js';
import {
  formulationProblem,
  glucoseCheck,
  unitMaximumProblem,
  type DatumRuleProblem,
  type Formulation,
} from './rule-problem.js';

/** The glucose units a datum gives in `units.bg`. */
function bgUnits(datum: ClosedLoopFields): GlucoseUnits | undefined {
  return typeof datum.units === 'object' ? datum.units.bg : undefined;
}

interface GlucoseTargetFields {
  readonly low?: number;
  readonly high?: number;
  readonly target?: number;
}

/** The fields of a closed loop's data these rules look at. */
export interface ClosedLoopFields {
  /** Glucose units in `units.bg` (pump settings, a dosing decision). */
  readonly units?: GlucoseUnits | { readonly bg: GlucoseUnits };
  readonly insulinFormulation?: Formulation;
  /** A dosing decision's readings, target schedule and boluses. */
  readonly smbg?: { readonly value: number };
  readonly bgHistorical?: readonly { readonly value: number }[];
  readonly bgTargetSchedule?: readonly GlucoseTargetFields[];
  readonly recommendedBolus?: DecisionBolus;
  readonly requestedBolus?: DecisionBolus;
  /** Pump settings. */
  readonly basalSchedule?: unknown;
  readonly basalSchedules?: unknown;
  readonly bgSafetyLimit?: number;
  readonly bgTargetPhysicalActivity?: GlucoseTargetFields;
  readonly bgTargetPreprandial?: GlucoseTargetFields;
  readonly overridePresets?: Readonly<Record<string, { readonly bgTarget?: GlucoseTargetFields }>>;
  readonly bolus?: BolusSettingsFields | string;
  readonly boluses?: Readonly<Record<string, BolusSettingsFields>>;
  readonly sleepSchedules?: readonly {
    readonly enabled: boolean;
    readonly days?: readonly string[];
    readonly start?: number;
    readonly end?: number;
  }[];
  readonly insulinModel?: {
    readonly modelType?: string;
    readonly modelTypeOther?: string;
    readonly actionDuration?: number;
    readonly actionPeakOffset?: number;
  };
  /** An alert. */
  readonly trigger?: string;
  readonly triggerDelay?: number;
  readonly sound?: string;
  readonly soundName?: string;
  readonly issuedTime?: string;
  readonly acknowledgedTime?: string;
  readonly retractedTime?: string;
  /** Controller settings. */
  readonly device?: object;
  readonly notifications?: object;
  /** A phone's or a pump's battery, and what a pump is delivering. */
  readonly battery?: DeviceBattery;
  readonly basalDelivery?: {
    readonly state: string;
    readonly time?: string;
    readonly dose?: { readonly startTime?: string; readonly endTime?: string };
  };
  readonly bolusDelivery?: { readonly state: string; readonly dose?: unknown };
}

/** A bolus in a dosing decision, recommended or requested. */
interface DecisionBolus {
  readonly amount?: number;
  readonly normal?: number;
  readonly extended?: number;
  readonly duration?: number;
}

/** A bolus of a decision says it as an `amount` alone, or as `normal` and/or `extended` (this one over a `duration`). */
function decisionBolusProblems(field: string, bolus: DecisionBolus | undefined): DatumRuleProblem[] {
  if (bolus === undefined) return [];
  const problem = (part: string, message: string) => ({ path: [field, part], message });
  if (bolus.amount !== undefined) {
    return (['normal', 'extended', 'duration'] as const)
      .filter((part) => bolus[part] !== undefined)
      .map((part) => problem(part, `A bolus given as an \`amount\` has no \`${part}\`.`));
  }
  if (bolus.extended !== undefined && bolus.duration === undefined) {
    return [problem('duration', 'An `extended` bolus has the `duration` it takes.')];
  }
  if (bolus.extended === undefined && bolus.duration !== undefined) {
    return [problem('duration', 'Only an `extended` bolus has a `duration`.')];
  }
  if (bolus.normal === undefined && bolus.extended === undefined) {
    return [problem('amount', 'A bolus has an `amount`, or `normal` and/or `extended`.')];
  }
  return [];
}

/** A dosing decision's readings and targets in range for `units.bg`, and its boluses whole. */
export function dosingDecisionProblems(datum: ClosedLoopFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  const check = glucoseCheck(bgUnits(datum), problems);
  check(['smbg', 'value'], datum.smbg?.value);
  datum.bgHistorical?.forEach((reading, index) => {
    check(['bgHistorical', index, 'value'], reading.value);
  });
  datum.bgTargetSchedule?.forEach((segment, index) => {
    for (const field of ['low', 'high', 'target'] as const) {
      check(['bgTargetSchedule', index, field], segment[field]);
    }
  });
  problems.push(
    ...decisionBolusProblems('recommendedBolus', datum.recommendedBolus),
    ...decisionBolusProblems('requestedBolus', datum.requestedBolus),
  );
  return problems;
}

interface DeviceBattery {
  readonly state?: string;
  readonly remaining?: number;
  readonly units?: string;
}

/** A battery says its state or what remains (with the units it is in), and units only with what remains. */
export function batteryProblems(battery: DeviceBattery | undefined): DatumRuleProblem[] {
  if (battery === undefined) return [];
  if ((battery.remaining !== undefined) !== (battery.units !== undefined)) {
    return [
      { path: ['battery', 'units'], message: 'A battery has `units` with `remaining`, and only then.' },
    ];
  }
  if (battery.state === undefined && battery.remaining === undefined) {
    return [{ path: ['battery', 'state'], message: 'A battery has a `state`, a `remaining`, or both.' }];
  }
  return [];
}

/** What a pump delivers: a time only for a scheduled or suspended basal, a dose only for a temporary basal or a bolus being delivered. */
export function pumpDeliveryProblems(datum: ClosedLoopFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  const basal = datum.basalDelivery;
  if (basal !== undefined) {
    const timed = basal.state === 'scheduled' || basal.state === 'suspended';
    if (timed !== (basal.time !== undefined)) {
      problems.push({
        path: ['basalDelivery', 'time'],
        message:
          'A scheduled or suspended basal delivery says since when in `time`, and only such a one has it.',
      });
    }
    if ((basal.state === 'temporary') !== (basal.dose !== undefined)) {
      problems.push({
        path: ['basalDelivery', 'dose'],
        message: 'A temporary basal delivery has its `dose`, and only such a one has it.',
      });
    }
    const dose = basal.dose;
    if (
      dose?.startTime !== undefined &&
      dose.endTime !== undefined &&
      Date.parse(dose.endTime) <= Date.parse(dose.startTime)
    ) {
      problems.push({ path: ['basalDelivery', 'dose', 'endTime'], message: 'A dose ends after it starts.' });
    }
  }
  const bolus = datum.bolusDelivery;
  if (bolus !== undefined && (bolus.state === 'delivering') !== (bolus.dose !== undefined)) {
    problems.push({
      path: ['bolusDelivery', 'dose'],
      message: 'A bolus delivery that is delivering has its `dose`, and only such a one has it.',
    });
  }
  return problems;
}

/** A pump's bolus settings, as far as the rules look. */
interface BolusSettingsFields {
  readonly calculator?: { readonly insulin?: { readonly duration: number; readonly units: string } };
}

/** A closed loop's pump settings: one kind of basal schedule, glucose limits and targets in range for `units.bg`, a whole insulin model. */
export function pumpSettingsProblems(datum: ClosedLoopFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  if (datum.basalSchedule !== undefined && datum.basalSchedules !== undefined) {
    problems.push({
      path: ['basalSchedule'],
      message: 'Pump settings have one `basalSchedule` or named `basalSchedules`, not both.',
    });
  }
  if (datum.bolus !== undefined && datum.boluses !== undefined) {
    problems.push({
      path: ['boluses'],
      message: 'Pump settings have one `bolus` or named `boluses`, not both.',
    });
  }
  const calculators: [path: string[], settings: BolusSettingsFields | undefined][] = [
    [['bolus'], typeof datum.bolus === 'object' ? datum.bolus : undefined],
    ...Object.entries(datum.boluses ?? {}).map(([name, settings]): [string[], BolusSettingsFields] => [
      ['boluses', name],
      settings,
    ]),
  ];
  for (const [path, settings] of calculators) {
    const insulin = settings?.calculator?.insulin;
    problems.push(
      ...unitMaximumProblem(
        [...path, 'calculator', 'insulin', 'duration'],
        insulin === undefined ? undefined : { value: insulin.duration, units: insulin.units },
        BOLUS_CALCULATOR_INSULIN_DURATION_MAXIMUM,
        (maximum, units) => `A bolus calculator assumes insulin acts at most ${maximum} ${units} (10 hours).`,
      ),
    );
  }
  const check = glucoseCheck(bgUnits(datum), problems);
  const checkTarget = (path: readonly string[], target: GlucoseTargetFields | undefined) => {
    for (const field of ['low', 'high', 'target'] as const) check([...path, field], target?.[field]);
  };
  check(['bgSafetyLimit'], datum.bgSafetyLimit);
  checkTarget(['bgTargetPhysicalActivity'], datum.bgTargetPhysicalActivity);
  checkTarget(['bgTargetPreprandial'], datum.bgTargetPreprandial);
  for (const [name, preset] of Object.entries(datum.overridePresets ?? {})) {
    checkTarget(['overridePresets', name, 'bgTarget'], preset.bgTarget);
  }
  const model = datum.insulinModel;
  if (model !== undefined) {
    if ((model.modelType === 'other') !== (model.modelTypeOther !== undefined)) {
      problems.push({
        path: ['insulinModel', 'modelTypeOther'],
        message:
          'An insulin model of `modelType: other` names it in `modelTypeOther`, and only such a model has it.',
      });
    }
    if (
      model.actionPeakOffset !== undefined &&
      model.actionDuration !== undefined &&
      model.actionPeakOffset > model.actionDuration
    ) {
      problems.push({
        path: ['insulinModel', 'actionPeakOffset'],
        message: 'Insulin peaks within the time it acts: `actionPeakOffset` is at most `actionDuration`.',
      });
    }
  }
  problems.push(...formulationProblem(['insulinFormulation'], datum.insulinFormulation));
  for (const [index, schedule] of (datum.sleepSchedules ?? []).entries()) {
    if (schedule.enabled) {
      for (const field of ['days', 'start', 'end'] as const) {
        if (schedule[field] === undefined)
          problems.push({
            path: ['sleepSchedules', String(index), field],
            message: `An enabled sleep schedule has its \`${field}\`.`,
          });
      }
    }
    if (schedule.days !== undefined && new Set(schedule.days).size !== schedule.days.length) {
      problems.push({
        path: ['sleepSchedules', String(index), 'days'],
        message: 'A sleep schedule names each day once.',
      });
    }
  }
  return problems;
}

/** A controller's settings say something: which device, or how it notifies, each with at least one field. */
export function controllerSettingsProblems(datum: ClosedLoopFields): DatumRuleProblem[] {
  if (datum.device === undefined && datum.notifications === undefined) {
    return [{ path: ['device'], message: 'Controller settings have a `device`, `notifications`, or both.' }];
  }
  const problems: DatumRuleProblem[] = [];
  for (const field of ['device', 'notifications'] as const) {
    const part = datum[field];
    if (part !== undefined && Object.keys(part).length === 0) {
      problems.push({ path: [field], message: `\`${field}\` says at least one thing.` });
    }
  }
  return problems;
}

/** An alert's delay only for a delayed or repeating one, a sound's name only for a named sound, and nothing seen or taken back before it was raised. */
export function alertProblems(datum: ClosedLoopFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  const delayed = datum.trigger === 'delayed' || datum.trigger === 'repeating';
  if (delayed !== (datum.triggerDelay !== undefined)) {
    problems.push({
      path: ['triggerDelay'],
      message: 'A delayed or repeating alert has its `triggerDelay`, and only such an alert has it.',
    });
  }
  if ((datum.sound === 'name') !== (datum.soundName !== undefined)) {
    problems.push({
      path: ['soundName'],
      message: 'An alert of `sound: name` names it in `soundName`, and only such an alert has it.',
    });
  }
  const issued = datum.issuedTime === undefined ? Number.NaN : Date.parse(datum.issuedTime);
  for (const field of ['acknowledgedTime', 'retractedTime'] as const) {
    const time = datum[field];
    if (time !== undefined && Date.parse(time) < issued) {
      problems.push({ path: [field], message: `An alert's \`${field}\` is not before its \`issuedTime\`.` });
    }
  }
  return problems;
}
