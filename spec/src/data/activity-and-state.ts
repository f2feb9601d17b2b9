/** What a person did and how they felt: `physicalActivity` (exercise) and `reportedState` (illness, stress, …). */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';

/** Tidepool's activity types (Apple HealthKit's workout types); `other` with `activityTypeOther`. */
export const ACTIVITY_TYPES = [
  'americanFootball',
  'archery',
  'australianFootball',
  'badminton',
  'barre',
  'baseball',
  'basketball',
  'bowling',
  'boxing',
  'climbing',
  'coreTraining',
  'cricket',
  'crossCountrySkiing',
  'crossTraining',
  'curling',
  'cycling',
  'dance',
  'danceInspiredTraining',
  'downhillSkiing',
  'elliptical',
  'equestrianSports',
  'fencing',
  'fishing',
  'flexibility',
  'functionalStrengthTraining',
  'golf',
  'gymnastics',
  'handball',
  'handCycling',
  'highIntensityIntervalTraining',
  'hiking',
  'hockey',
  'hunting',
  'jumpRope',
  'kickboxing',
  'lacrosse',
  'martialArts',
  'mindAndBody',
  'mixedCardio',
  'mixedMetabolicCardioTraining',
  'other',
  'paddleSports',
  'pilates',
  'play',
  'preparationAndRecovery',
  'racquetball',
  'rowing',
  'rugby',
  'running',
  'sailing',
  'skatingSports',
  'snowboarding',
  'snowSports',
  'soccer',
  'softball',
  'squash',
  'stairClimbing',
  'stairs',
  'stepTraining',
  'surfingSports',
  'swimming',
  'tableTennis',
  'taiChi',
  'tennis',
  'trackAndField',
  'traditionalStrengthTraining',
  'volleyball',
  'walking',
  'waterFitness',
  'waterPolo',
  'waterSports',
  'wheelchairRunPace',
  'wheelchairWalkPace',
  'wrestling',
  'yoga',
] as const;

/** The longest duration of an activity, one week, in each unit Tidepool takes. */
export const ACTIVITY_DURATION_MAXIMUM = { hours: 168, minutes: 168 * 60, seconds: 168 * 3600 } as const;

const freeText = (description: string) => z.string().min(1).max(100).describe(description);

/**
 * Exercise, as a person or an app logged it. Tidepool's distance, energy, elevation, flights,
 * laps and steps are not taken (an unknown field is an error naming it).
 */
export const PhysicalActivityObjectSchema = z
  .object({
    type: z.literal('physicalActivity'),
    ...baseDatumShape,
    activityType: z.enum(ACTIVITY_TYPES).optional(),
    activityTypeOther: freeText(
      'What the activity was, with `activityType: other` only (identifying: encrypted per patient).',
    ).optional(),
    reportedIntensity: z.enum(['low', 'medium', 'high']).optional().describe('How hard, as the person said.'),
    duration: z
      .object({
        units: z.enum(['hours', 'minutes', 'seconds']),
        value: z.number().min(0).describe('At most one week in `units`.'),
      })
      .strict()
      .optional(),
    name: freeText('A name for the activity (identifying: encrypted per patient).').optional(),
    aggregate: z.boolean().optional().describe('Whether it sums several activities.'),
  })
  .strict()
  .describe('Physical activity.');

/**
 * States a person reported about themselves. Sealed with the patient's own key as a whole
 * (see the data service's identifying fields): they are sensitive and may be free text.
 */
export const ReportedStateObjectSchema = z
  .object({
    type: z.literal('reportedState'),
    ...baseDatumShape,
    states: z
      .array(
        z
          .object({
            state: z.enum([
              'alcohol',
              'cycle',
              'hyperglycemiaSymptoms',
              'hypoglycemiaSymptoms',
              'illness',
              'other',
              'stress',
            ]),
            stateOther: freeText('What the state was, with `state: other` only.').optional(),
            severity: z.number().int().min(0).max(10).optional().describe('0–10.'),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict()
  .describe('A state the person reported: illness, stress, symptoms, …');
