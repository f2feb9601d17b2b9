/** `food`: carbohydrates eaten. */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';

export const FoodObjectSchema = z
  .object({
    type: z.literal('food'),
    ...baseDatumShape,
    name: z.string().max(256).optional(),
    nutrition: z
      .object({
        carbohydrate: z
          .object({ net: z.number().min(0).max(1000).describe('Grams.'), units: z.literal('grams') })
          .strict(),
      })
      .strict(),
  })
  .strict()
  .describe('Food eaten.');
