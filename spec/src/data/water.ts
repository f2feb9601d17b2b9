/** `water`: water a person drank, as Tidepool's platform takes it. */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';

const LITERS_PER_GALLON = 3.7854118;
const OUNCES_PER_GALLON = 128;
/** Gallons Tidepool allows in one `water` datum; the other units are bounded to the same. */
const GALLONS_MAXIMUM = 10;

/** The most water one datum may hold, in each unit Tidepool takes. */
export const WATER_MAXIMUM = {
  gallons: GALLONS_MAXIMUM,
  liters: GALLONS_MAXIMUM * LITERS_PER_GALLON,
  milliliters: GALLONS_MAXIMUM * LITERS_PER_GALLON * 1000,
  ounces: GALLONS_MAXIMUM * OUNCES_PER_GALLON,
} as const;

export const WaterObjectSchema = z
  .object({
    type: z.literal('water'),
    ...baseDatumShape,
    amount: z
      .object({
        value: z.number().min(0),
        units: z.enum(['gallons', 'liters', 'milliliters', 'ounces']),
      })
      .strict()
      .describe('How much; at most 10 gallons in any of the units.'),
  })
  .strict()
  .describe('Water a person drank.');
