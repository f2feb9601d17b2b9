/** The `profile` collection of a user's metadata: a name, and for patients the `patient` object (DESIGN.md §6). */
import { z } from 'zod';
import { CalendarDateSchema } from '../common/time.js';

/** What a patient tells about their diabetes; present only for patients. */
export const PatientProfileSchema = z
  .object({
    birthday: CalendarDateSchema.optional(),
    diagnosisDate: CalendarDateSchema.optional(),
    diagnosisType: z
      .string()
      .max(64)
      .optional()
      .describe('For example `type1`, `type2`, `gestational`, `lada`, `mody`, `other`.'),
    targetDevices: z
      .array(z.string().max(128))
      .max(50)
      .optional()
      .describe('Devices the patient uploads from.'),
    targetTimezone: z.string().max(64).optional().describe('An IANA time zone, for example `Europe/Paris`.'),
    about: z.string().max(10_000).optional(),
  })
  .passthrough()
  .describe('Patient details; whether a user is a patient is known only here.');
export type PatientProfile = z.infer<typeof PatientProfileSchema>;

/** The profile collection. Fields beyond these are kept as clients sent them. */
export const ProfileSchema = z
  .object({
    fullName: z.string().max(256).optional(),
    patient: PatientProfileSchema.optional(),
  })
  .passthrough()
  .describe('A user’s profile.');
export type Profile = z.infer<typeof ProfileSchema>;
