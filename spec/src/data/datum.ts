/** The Tidepool device-data model: one datum of any type, as uploaded and as stored (DESIGN.md §9). */
import { z } from 'zod';
import { OpaqueIdSchema } from '../common/ids.js';
import { DateTimeSchema } from '../common/time.js';
import { CbgObjectSchema, SmbgObjectSchema } from './blood-glucose.js';
import { PhysicalActivityObjectSchema, ReportedStateObjectSchema } from './activity-and-state.js';
import { AlertObjectSchema } from './alert.js';
import { WaterObjectSchema } from './water.js';
import { BloodKetoneObjectSchema } from './blood-ketone.js';
import { CgmSettingsObjectSchema } from './cgm-settings.js';
import { refineDatum } from './datum-rules.js';
import { DeviceEventObjectSchema } from './device-event.js';
import {
  ControllerSettingsObjectSchema,
  ControllerStatusObjectSchema,
  PumpStatusObjectSchema,
} from './device-status.js';
import { DosingDecisionObjectSchema } from './dosing-decision.js';
import { FoodObjectSchema } from './food.js';
import { GlucoseUnitsSchema } from './glucose.js';
import { BasalObjectSchema, BolusObjectSchema, InsulinObjectSchema } from './insulin.js';
import { PlainReadingFirst } from './plain-readings.js';
import { PumpSettingsObjectSchema } from './pump-settings.js';
import { UploadObjectSchema } from './upload-datum.js';
import { WizardObjectSchema } from './wizard.js';

/** Every datum type: readings, insulin, food, activity and states, then device records. */
export const DATUM_TYPES = [
  'cbg',
  'smbg',
  'bloodKetone',
  'basal',
  'bolus',
  'insulin',
  'wizard',
  'food',
  'physicalActivity',
  'reportedState',
  'dosingDecision',
  'controllerStatus',
  'pumpStatus',
  'alert',
  'water',
  'deviceEvent',
  'pumpSettings',
  'cgmSettings',
  'controllerSettings',
  'upload',
] as const;
export const DatumTypeSchema = z.enum(DATUM_TYPES).describe('The type of a datum.');
export type DatumType = z.infer<typeof DatumTypeSchema>;

/** Each type's schema with its cross-field rules, for clients that build one type. */
export const CbgSchema = CbgObjectSchema.superRefine(refineDatum);
export type Cbg = z.infer<typeof CbgSchema>;
export const SmbgSchema = SmbgObjectSchema.superRefine(refineDatum);
export type Smbg = z.infer<typeof SmbgSchema>;
export const BloodKetoneSchema = BloodKetoneObjectSchema;
export type BloodKetone = z.infer<typeof BloodKetoneSchema>;
export const BasalSchema = BasalObjectSchema.superRefine(refineDatum);
export type Basal = z.infer<typeof BasalSchema>;
export const BolusSchema = BolusObjectSchema.superRefine(refineDatum);
export type Bolus = z.infer<typeof BolusSchema>;
export const InsulinSchema = InsulinObjectSchema.superRefine(refineDatum);
export type Insulin = z.infer<typeof InsulinSchema>;
export const WizardSchema = WizardObjectSchema.superRefine(refineDatum);
export type Wizard = z.infer<typeof WizardSchema>;
export const FoodSchema = FoodObjectSchema.superRefine(refineDatum);
export type Food = z.infer<typeof FoodSchema>;
export const PhysicalActivitySchema = PhysicalActivityObjectSchema.superRefine(refineDatum);
export type PhysicalActivity = z.infer<typeof PhysicalActivitySchema>;
export const ReportedStateSchema = ReportedStateObjectSchema.superRefine(refineDatum);
export type ReportedState = z.infer<typeof ReportedStateSchema>;
export const DosingDecisionSchema = DosingDecisionObjectSchema.superRefine(refineDatum);
export type DosingDecision = z.infer<typeof DosingDecisionSchema>;
export const ControllerStatusSchema = ControllerStatusObjectSchema.superRefine(refineDatum);
export type ControllerStatus = z.infer<typeof ControllerStatusSchema>;
export const PumpStatusSchema = PumpStatusObjectSchema.superRefine(refineDatum);
export type PumpStatus = z.infer<typeof PumpStatusSchema>;
export const AlertSchema = AlertObjectSchema.superRefine(refineDatum);
export type Alert = z.infer<typeof AlertSchema>;
export const WaterSchema = WaterObjectSchema.superRefine(refineDatum);
export type Water = z.infer<typeof WaterSchema>;
export const DeviceEventSchema = DeviceEventObjectSchema.superRefine(refineDatum);
export type DeviceEvent = z.infer<typeof DeviceEventSchema>;
export const PumpSettingsSchema = PumpSettingsObjectSchema.superRefine(refineDatum);
export type PumpSettings = z.infer<typeof PumpSettingsSchema>;
export const CgmSettingsSchema = CgmSettingsObjectSchema;
export const ControllerSettingsSchema = ControllerSettingsObjectSchema.superRefine(refineDatum);
export type ControllerSettings = z.infer<typeof ControllerSettingsSchema>;
export type CgmSettings = z.infer<typeof CgmSettingsSchema>;
export const UploadDatumSchema = UploadObjectSchema;
export type UploadDatum = z.infer<typeof UploadDatumSchema>;

/**
 * One datum as a client uploads it: a union on `type` of strict objects (an unknown field is
 * an error naming it), with the cross-field rules (glucose range per unit, …) on top. Plain
 * glucose readings, nearly every datum of an upload, are checked without zod's walk by the
 * same rules (`plain-readings.ts`; a test holds the two to the same verdicts and answers).
 */
const datumSchema = new PlainReadingFirst(
  z
    .discriminatedUnion('type', [
      CbgObjectSchema,
      SmbgObjectSchema,
      BloodKetoneObjectSchema,
      BasalObjectSchema,
      BolusObjectSchema,
      InsulinObjectSchema,
      WizardObjectSchema,
      FoodObjectSchema,
      PhysicalActivityObjectSchema,
      ReportedStateObjectSchema,
      DosingDecisionObjectSchema,
      ControllerStatusObjectSchema,
      PumpStatusObjectSchema,
      AlertObjectSchema,
      WaterObjectSchema,
      DeviceEventObjectSchema,
      PumpSettingsObjectSchema,
      CgmSettingsObjectSchema,
      ControllerSettingsObjectSchema,
      UploadObjectSchema,
    ])
    .superRefine(refineDatum)
    .describe('A datum of the Tidepool device-data model.')._def,
);
type DatumSchemaShape = typeof datumSchema;
/**
 * The type of `DatumSchema`, by name: declaration files refer to it rather than spelling out
 * the union of every type, which grew past what TypeScript writes into a `.d.ts` (TS7056).
 */
export interface DatumSchemaType extends DatumSchemaShape {}
export const DatumSchema: DatumSchemaType = datumSchema;
export type Datum = z.infer<typeof DatumSchema>;

/**
 * What the server adds to a stored datum. Every glucose value is converted to mmol/L on the
 * way in (÷ MMOL_L_TO_MG_DL), and every glucose `units` field says so.
 */
const storedShape = {
  id: OpaqueIdSchema.describe('The server’s id for the datum.'),
  createdTime: DateTimeSchema.describe('When it was stored.'),
};
const storedGlucoseUnits = z.literal('mmol/L');

/** One datum as the server answers it: the uploaded fields plus `id` and `createdTime`, glucose in mmol/L. */
const storedDatumSchema = z
  .discriminatedUnion('type', [
    CbgObjectSchema.extend({ ...storedShape, units: storedGlucoseUnits }).strip(),
    SmbgObjectSchema.extend({ ...storedShape, units: storedGlucoseUnits }).strip(),
    BloodKetoneObjectSchema.extend({ ...storedShape, units: z.literal('mmol/L') }).strip(),
    BasalObjectSchema.extend(storedShape).strip(),
    BolusObjectSchema.extend(storedShape).strip(),
    InsulinObjectSchema.extend(storedShape).strip(),
    WizardObjectSchema.extend({ ...storedShape, units: storedGlucoseUnits }).strip(),
    FoodObjectSchema.extend(storedShape).strip(),
    PhysicalActivityObjectSchema.extend(storedShape).strip(),
    ReportedStateObjectSchema.extend(storedShape).strip(),
    DosingDecisionObjectSchema.extend({
      ...storedShape,
      units: z
        .object({
          bg: storedGlucoseUnits,
          carb: z.enum(['grams', 'exchanges']),
          insulin: z.literal('Units').optional(),
        })
        .strict(),
    }).strip(),
    ControllerStatusObjectSchema.extend(storedShape).strip(),
    PumpStatusObjectSchema.extend(storedShape).strip(),
    AlertObjectSchema.extend(storedShape).strip(),
    WaterObjectSchema.extend(storedShape).strip(),
    DeviceEventObjectSchema.extend({
      ...storedShape,
      units: z.union([storedGlucoseUnits, z.object({ bg: storedGlucoseUnits }).strict()]).optional(),
    }).strip(),
    PumpSettingsObjectSchema.extend({
      ...storedShape,
      units: z.object({
        carb: z.enum(['grams', 'exchanges']),
        bg: storedGlucoseUnits,
        insulin: z.literal('Units').optional(),
      }),
    }).strip(),
    CgmSettingsObjectSchema.extend({
      ...storedShape,
      units: storedGlucoseUnits,
      displayUnits: GlucoseUnitsSchema.optional().describe(
        'The units the device shows; values are in mmol/L.',
      ),
    }).strip(),
    ControllerSettingsObjectSchema.extend(storedShape).strip(),
    UploadObjectSchema.extend(storedShape).strip(),
  ])
  .describe('A stored datum; glucose values are in mmol/L.');
type StoredDatumSchemaShape = typeof storedDatumSchema;
/** The type of `StoredDatumSchema`, by name, for the same reason as `DatumSchemaType`. */
export interface StoredDatumSchemaType extends StoredDatumSchemaShape {}
export const StoredDatumSchema: StoredDatumSchemaType = storedDatumSchema;
export type StoredDatum = z.infer<typeof StoredDatumSchema>;
