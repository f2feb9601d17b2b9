/** `alert`: an alert a dosing app raised (Loop's alerts), and when it was seen or taken back. As Tidepool's platform takes it. */
import { z } from 'zod';
import { DateTimeSchema } from '../common/time.js';
import { baseDatumShape } from './base-datum.js';

export const AlertObjectSchema = z
  .object({
    type: z.literal('alert'),
    ...baseDatumShape,
    name: z
      .string()
      .min(1)
      .max(100)
      .describe('The app’s name for the alert (identifying: encrypted per patient, like every `name`).'),
    priority: z.enum(['critical', 'normal', 'timeSensitive']).optional(),
    trigger: z.enum(['immediate', 'delayed', 'repeating']).optional(),
    triggerDelay: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * 60)
      .optional()
      .describe('Seconds before a delayed or repeating alert fires, for those only.'),
    sound: z.enum(['name', 'silence', 'vibrate']).optional(),
    soundName: z.string().min(1).max(100).optional().describe('The sound, for `sound: name` only.'),
    parameters: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('What the app attached (identifying: encrypted per patient, since it is free form).'),
    issuedTime: DateTimeSchema.describe('When it was raised.'),
    acknowledgedTime: DateTimeSchema.optional().describe('When the person saw it, not before it was raised.'),
    retractedTime: DateTimeSchema.optional().describe('When the app took it back, not before it was raised.'),
  })
  .strict()
  .describe('An alert a dosing app raised.');
