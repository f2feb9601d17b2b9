/** Rules of the device-data model that span fields, so a zod object alone cannot say them. */
import type { z } from 'zod';
import { ACTIVITY_DURATION_MAXIMUM } from './activity-and-state.js';
import {
  alertProblems,
  batteryProblems,
  controllerSettingsProblems,
  dosingDecisionProblems,
  pumpDeliveryProblems,
  pumpSettingsProblems,
  type ClosedLoopFields,
} from './closed-loop-rules.js';
import { ENERGY_MAXIMUM } from './food.js';
import { glucoseRangeProblem, type GlucoseUnits } from './glucose.js';
import {
  formulationProblem,
  unitMaximumProblem,
  type DatumRuleProblem,
  type Formulation,
} from './rule-problem.js';
import { WATER_MAXIMUM } from './water.js';

export type { DatumRuleProblem } from './rule-problem.js';

/** What a basal replaced, and for a temp rate the one it replaced in turn. */
interface SuppressedFields {
  readonly deliveryType: string;
  readonly insulinFormulation?: Formulation;
  readonly suppressed?: SuppressedFields;
}

/** What each kind of basal may replace, in its `suppressed`: a scheduled rate replaces nothing. */
const MAY_SUPPRESS: Readonly<Record<string, readonly string[]>> = {
  scheduled: [],
  temp: ['scheduled', 'automated'],
  automated: ['scheduled'],
  suspend: ['scheduled', 'automated', 'temp'],
};

/** The formulation problems of a basal's insulin, of what it replaced, and of what that had replaced. */
function basalFormulationProblems(
  basal: { readonly insulinFormulation?: Formulation; readonly suppressed?: SuppressedFields },
  path: readonly string[] = [],
): DatumRuleProblem[] {
  return [
    ...formulationProblem([...path, 'insulinFormulation'], basal.insulinFormulation),
    ...(basal.suppressed === undefined
      ? []
      : basalFormulationProblems(basal.suppressed, [...path, 'suppressed'])),
  ];
}

/**
 * A settings override's rules: a preset's name only on a preset override, and a glucose target
 * only with the units it is in (`units: { bg }`), each of its values in range for them.
 */
function overrideProblems(datum: DatumFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  if ((datum.overrideType === 'preset') !== (datum.overridePreset !== undefined)) {
    problems.push({
      path: ['overridePreset'],
      message:
        'An override of `overrideType: preset` names the preset in `overridePreset`, and only such an override has it.',
    });
  }
  const targetUnits = typeof datum.units === 'object' ? datum.units.bg : undefined;
  // A device event's target is one object (GlucoseTargetSchema).
  const target = datum.bgTarget as Readonly<Record<string, number | undefined>> | undefined;
  if ((target !== undefined) !== (targetUnits !== undefined)) {
    problems.push({
      path: ['units'],
      message:
        'A `bgTarget` comes with the units it is in, `units: { bg }`, and `units` is an object only then.',
    });
  }
  if (target !== undefined && targetUnits !== undefined) {
    for (const [field, value] of Object.entries(target)) {
      if (field === 'range' || value === undefined) continue;
      const message = glucoseRangeProblem(value, targetUnits);
      if (message !== undefined) problems.push({ path: ['bgTarget', field], message });
    }
  }
  return problems;
}

/**
 * A time change says where the clock went (`to`, with `from` and `method` when known) or, as older
 * uploaders did, the `change`; not both, and each side its clock, its zone, or both.
 */
function timeChangeProblems(datum: DatumFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  const newer = datum.from !== undefined || datum.to !== undefined || datum.method !== undefined;
  if (newer && datum.change !== undefined) {
    problems.push({
      path: ['change'],
      message: 'A time change has `from`/`to` or, as older uploaders sent it, `change`; not both.',
    });
  }
  if (newer && datum.to === undefined) {
    problems.push({ path: ['to'], message: 'A time change says where the clock went, in `to`.' });
  }
  for (const side of ['from', 'to'] as const) {
    const info = datum[side];
    if (info !== undefined && info.time === undefined && info.timeZoneName === undefined) {
      problems.push({
        path: [side],
        message: `\`${side}\` has the clock's \`time\`, its \`timeZoneName\`, or both.`,
      });
    }
  }
  return problems;
}

/** The fields the rules look at; every datum type has a subset of them. */
interface DatumFields extends ClosedLoopFields {
  readonly type: string;
  /** A glucose unit, or `{ bg }` on a settings override (and `{ carb, bg }` on pump settings). */
  readonly units?: GlucoseUnits | { readonly bg: GlucoseUnits };
  readonly overrideType?: string;
  readonly overridePreset?: string;
  /** A target on a settings override or a wizard, a schedule of them in pump settings. */
  readonly bgTarget?: unknown;
  readonly value?: number;
  readonly bgInput?: number;
  readonly deliveryType?: string;
  readonly rate?: number;
  readonly subType?: string;
  readonly normal?: number;
  readonly extended?: number;
  /** Milliseconds for a bolus, `{ units, value }` for an activity. */
  readonly duration?: unknown;
  readonly formulation?: Formulation;
  /** What a pump's basal or bolus delivered. */
  readonly insulinFormulation?: Formulation;
  /** The basal a temp rate, a suspension or an automated rate replaced. */
  readonly suppressed?: SuppressedFields;
  readonly activityType?: string;
  readonly activityTypeOther?: string;
  readonly states?: readonly { readonly state: string; readonly stateOther?: string }[];
  readonly meal?: string;
  readonly mealOther?: string;
  /** A device's time change. */
  readonly from?: { readonly time?: string; readonly timeZoneName?: string };
  readonly to?: { readonly time?: string; readonly timeZoneName?: string };
  readonly method?: string;
  readonly change?: unknown;
  readonly nutrition?: { readonly energy?: { readonly value: number; readonly units: string } };
  /** Water drunk. */
  readonly amount?: { readonly value: number; readonly units: string };
}

/**
 * What is wrong with a datum beyond its shape: glucose values out of range for their units,
 * a basal without a rate or replacing a kind it cannot (a temp rate replaces a scheduled or an
 * automated one, never another temp rate), a bolus without the amounts its subType delivers, a
 * formulation that says neither what insulin it is nor its name, a settings override's preset
 * or target without what it needs, an activity longer than a week, an `other` activity or state
 * without what it was (or what it was without `other`), a food's `other` meal without its words, a
 * dosing decision's readings or targets out of range for its units and its boluses half-said, a
 * device's battery that says nothing or units without a value, a pump's delivery with a time or a
 * dose its state does not have, pump settings with both kinds of basal schedule, a glucose limit or
 * target out of range for their units, an insulin model that peaks after it stops acting, or an
 * alert with a delay or a sound's name its kind does not have, or seen before it was raised.
 */
export function datumRuleProblems(datum: DatumFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  const units = typeof datum.units === 'string' ? datum.units : undefined;
  const checkGlucose = (field: 'value' | 'bgInput', value: number | undefined) => {
    if (units === undefined || value === undefined) return;
    const message = glucoseRangeProblem(value, units);
    if (message !== undefined) problems.push({ path: [field], message });
  };
  switch (datum.type) {
    case 'cbg':
    case 'smbg':
      checkGlucose('value', datum.value);
      break;
    case 'deviceEvent':
      checkGlucose('value', datum.value);
      problems.push(...overrideProblems(datum));
      if (datum.subType === 'timeChange') problems.push(...timeChangeProblems(datum));
      break;
    case 'wizard':
      checkGlucose('bgInput', datum.bgInput);
      break;
    case 'basal': {
      if (datum.deliveryType !== 'suspend' && datum.rate === undefined) {
        problems.push({ path: ['rate'], message: 'A basal that is not a suspend has a `rate`.' });
      }
      const replaced = datum.suppressed?.deliveryType;
      const mayReplace = MAY_SUPPRESS[datum.deliveryType ?? ''] ?? [];
      if (replaced !== undefined && !mayReplace.includes(replaced)) {
        problems.push({
          path: ['suppressed', 'deliveryType'],
          message:
            mayReplace.length === 0
              ? `A ${datum.deliveryType ?? ''} basal replaces no other: it has no \`suppressed\`.`
              : `A ${datum.deliveryType ?? ''} basal replaces a ${mayReplace.join(' or ')} one, not a ${replaced} one.`,
        });
      }
      problems.push(...basalFormulationProblems(datum));
      break;
    }
    case 'bolus':
      if (datum.subType !== 'square' && datum.normal === undefined) {
        problems.push({ path: ['normal'], message: `A ${datum.subType ?? ''} bolus has \`normal\`.` });
      }
      problems.push(...formulationProblem(['insulinFormulation'], datum.insulinFormulation));
      if (datum.subType === 'square' || datum.subType === 'dual/square') {
        if (datum.extended === undefined) {
          problems.push({ path: ['extended'], message: `A ${datum.subType ?? ''} bolus has \`extended\`.` });
        }
        if (datum.duration === undefined) {
          problems.push({ path: ['duration'], message: `A ${datum.subType ?? ''} bolus has \`duration\`.` });
        }
      }
      break;
    case 'insulin':
      problems.push(...formulationProblem(['formulation'], datum.formulation));
      break;
    case 'physicalActivity': {
      const duration = datum.duration as { readonly units: string; readonly value: number } | undefined;
      const maximum =
        duration === undefined
          ? undefined
          : ACTIVITY_DURATION_MAXIMUM[duration.units as keyof typeof ACTIVITY_DURATION_MAXIMUM];
      if (duration !== undefined && maximum !== undefined && duration.value > maximum) {
        problems.push({
          path: ['duration', 'value'],
          message: `An activity lasts at most a week: ${maximum} ${duration.units}.`,
        });
      }
      if (datum.activityType !== 'other' && datum.activityTypeOther !== undefined) {
        problems.push({
          path: ['activityTypeOther'],
          message: 'Only an activity of `activityType: other` has `activityTypeOther`.',
        });
      }
      break;
    }
    case 'food': {
      if ((datum.meal === 'other') !== (datum.mealOther !== undefined)) {
        problems.push({
          path: ['mealOther'],
          message:
            'A food of `meal: other` says what the meal was in `mealOther`, and only such a food has it.',
        });
      }
      problems.push(
        ...unitMaximumProblem(
          ['nutrition', 'energy', 'value'],
          datum.nutrition?.energy,
          ENERGY_MAXIMUM,
          (maximum, units) => `A food has at most ${maximum} ${units} (10,000 kilocalories).`,
        ),
      );
      break;
    }
    case 'water':
      problems.push(
        ...unitMaximumProblem(
          ['amount', 'value'],
          datum.amount,
          WATER_MAXIMUM,
          (maximum, units) =>
            `A water datum holds at most ${maximum} ${units}${units === 'gallons' ? '' : ' (10 gallons)'}.`,
        ),
      );
      break;
    case 'dosingDecision':
      problems.push(...dosingDecisionProblems(datum));
      break;
    case 'pumpSettings':
      problems.push(...pumpSettingsProblems(datum));
      break;
    case 'controllerSettings':
      problems.push(...controllerSettingsProblems(datum));
      break;
    case 'alert':
      problems.push(...alertProblems(datum));
      break;
    case 'controllerStatus':
      problems.push(...batteryProblems(datum.battery));
      break;
    case 'pumpStatus':
      problems.push(...batteryProblems(datum.battery), ...pumpDeliveryProblems(datum));
      break;
    case 'reportedState':
      datum.states?.forEach((state, index) => {
        if ((state.state === 'other') !== (state.stateOther !== undefined)) {
          problems.push({
            path: ['states', index, 'stateOther'],
            message: 'A state of `other` says what it was in `stateOther`, and only such a state has it.',
          });
        }
      });
      break;
    default:
      break;
  }
  return problems;
}

/** Adds each broken rule of a datum to a zod refinement context. */
export function refineDatum(datum: DatumFields, context: z.RefinementCtx): void {
  for (const problem of datumRuleProblems(datum)) {
    context.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
  }
}
