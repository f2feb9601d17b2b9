/** `food`: what was eaten, its carbohydrates and other nutrients (Tidepool's food type). */
import { z } from 'zod';
import { baseDatumShape } from './base-datum.js';

const grams = (description: string) => z.number().min(0).max(1000).describe(description);

/** Kilocalories Tidepool allows in one food; the other energy units are bounded to the same. */
const KILOCALORIES_MAXIMUM = 10_000;
const KILOJOULES_PER_KILOCALORIE = 4.1858;

/** The most energy one food may have, in each unit Tidepool takes. */
export const ENERGY_MAXIMUM = {
  kilocalories: KILOCALORIES_MAXIMUM,
  calories: KILOCALORIES_MAXIMUM * 1000,
  kilojoules: KILOCALORIES_MAXIMUM * KILOJOULES_PER_KILOCALORIE,
  joules: KILOCALORIES_MAXIMUM * KILOJOULES_PER_KILOCALORIE * 1000,
} as const;

/**
 * What a food holds: carbohydrates (net, the part that raises glucose, with total, sugars and
 * fiber when known), energy, fat and protein, and how long the carbohydrates take to absorb
 * (Loop sends this with every carb entry). As Tidepool's `nutrition`.
 */
export const NutritionSchema = z
  .object({
    carbohydrate: z
      .object({
        net: grams('Net carbohydrates, grams.'),
        total: grams('Total carbohydrates, grams.').optional(),
        sugars: grams('Sugars, grams.').optional(),
        dietaryFiber: grams('Dietary fiber, grams.').optional(),
        units: z.literal('grams'),
      })
      .strict()
      .optional(),
    estimatedAbsorptionDuration: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .optional()
      .describe('Seconds the carbohydrates are expected to take to absorb, at most a day.'),
    energy: z
      .object({
        value: z.number().min(0),
        units: z.enum(['kilocalories', 'calories', 'kilojoules', 'joules']),
      })
      .strict()
      .optional()
      .describe('Energy; at most 10,000 kcal in any of the units.'),
    fat: z
      .object({ total: grams('Fat, grams.'), units: z.literal('grams') })
      .strict()
      .optional(),
    protein: z
      .object({ total: grams('Protein, grams.'), units: z.literal('grams') })
      .strict()
      .optional(),
  })
  .strict()
  .describe('Nutrients of a food.');
export type Nutrition = z.infer<typeof NutritionSchema>;

/** The meals Tidepool names; `other` says what it was in `mealOther`. */
export const MEALS = ['breakfast', 'lunch', 'dinner', 'snack', 'other'] as const;

export const FoodObjectSchema = z
  .object({
    type: z.literal('food'),
    ...baseDatumShape,
    name: z
      .string()
      .max(256)
      .optional()
      .describe('What the food was, in the person’s words (identifying: encrypted per patient).'),
    brand: z.string().min(1).max(100).optional().describe('The food’s brand.'),
    code: z.string().min(1).max(100).optional().describe('The food’s code, such as its barcode.'),
    meal: z.enum(MEALS).optional(),
    mealOther: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('What the meal was, for `meal: other` only (identifying: encrypted per patient).'),
    amount: z
      .object({ value: z.number().min(0), units: z.string().min(1).max(100) })
      .strict()
      .optional()
      .describe('How much was eaten, in the units given (“slices”, “g”, …).'),
    nutrition: NutritionSchema.optional(),
  })
  .strict()
  .describe('Food eaten.');
