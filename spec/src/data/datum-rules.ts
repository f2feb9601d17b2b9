/** Rules of the device-data model that span fields, so a zod object alone cannot say them. */
import type { z } from 'zod';
import { glucoseRangeProblem, type GlucoseUnits } from './glucose.js';

/** One broken rule: which field and why. */
export interface DatumRuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The fields the rules look at; every datum type has a subset of them. */
interface DatumFields {
  readonly type: string;
  readonly units?: unknown;
  readonly value?: number;
  readonly bgInput?: number;
  readonly deliveryType?: string;
  readonly rate?: number;
  readonly subType?: string;
  readonly normal?: number;
  readonly extended?: number;
  readonly duration?: number;
  readonly formulation?: { readonly name?: string; readonly simple?: unknown };
}

/**
 * What is wrong with a datum beyond its shape: glucose values out of range for their units,
 * a basal without a rate, a bolus without the amounts its subType delivers, an injection's
 * formulation that says neither what insulin it is nor its name.
 */
export function datumRuleProblems(datum: DatumFields): DatumRuleProblem[] {
  const problems: DatumRuleProblem[] = [];
  const units = typeof datum.units === 'string' ? (datum.units as GlucoseUnits) : undefined;
  const checkGlucose = (field: 'value' | 'bgInput', value: number | undefined) => {
    if (units === undefined || value === undefined) return;
    const message = glucoseRangeProblem(value, units);
    if (message !== undefined) problems.push({ path: [field], message });
  };
  switch (datum.type) {
    case 'cbg':
    case 'smbg':
    case 'deviceEvent':
      checkGlucose('value', datum.value);
      break;
    case 'wizard':
      checkGlucose('bgInput', datum.bgInput);
      break;
    case 'basal':
      if (datum.deliveryType !== 'suspend' && datum.rate === undefined) {
        problems.push({ path: ['rate'], message: 'A basal that is not a suspend has a `rate`.' });
      }
      break;
    case 'bolus':
      if (datum.subType !== 'square' && datum.normal === undefined) {
        problems.push({ path: ['normal'], message: `A ${datum.subType ?? ''} bolus has \`normal\`.` });
      }
      if (datum.subType !== 'normal') {
        if (datum.extended === undefined) {
          problems.push({ path: ['extended'], message: `A ${datum.subType ?? ''} bolus has \`extended\`.` });
        }
        if (datum.duration === undefined) {
          problems.push({ path: ['duration'], message: `A ${datum.subType ?? ''} bolus has \`duration\`.` });
        }
      }
      break;
    case 'insulin':
      if (
        datum.formulation !== undefined &&
        datum.formulation.simple === undefined &&
        datum.formulation.name === undefined
      ) {
        problems.push({
          path: ['formulation', 'simple'],
          message: 'A formulation has `simple` (the insulin and how fast it acts) or at least a `name`.',
        });
      }
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
