/** The names of the private pairs kept inside a user's metadata: one per portion of their data (DESIGN.md §6). */
import { z } from 'zod';

/** `data` and `messages` exist today; later portions add their own lowercase names. */
export const PairNameSchema = z
  .union([
    z.enum(['data', 'messages']),
    z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'A pair name is lowercase letters, digits and `-`.'),
  ])
  .describe('The portion of data a pair is for: `data`, `messages` or a later portion.');
export type PairName = z.infer<typeof PairNameSchema>;
