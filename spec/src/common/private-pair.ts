/** A private pair `{id, hash}`: where a portion of a user's data is stored and the key material for it (DESIGN.md §6). */
import { z } from 'zod';

/**
 * Never logged, never cached longer than briefly, only ever handed to servers. Both halves
 * come from a CSPRNG: `id` is 128 bits and `hash` 256 bits, in lowercase hex.
 */
export const PairSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-f0-9]{32}$/, 'A pair id is 32 lowercase hexadecimal characters.')
      .describe('128 random bits, hex: the storage name is HMAC-SHA256(deploy salt, id).'),
    hash: z
      .string()
      .regex(/^[a-f0-9]{64}$/, 'A pair hash is 64 lowercase hexadecimal characters.')
      .describe('256 random bits, hex: the input keying material of the encryption key.'),
  })
  .strict()
  .describe('A private pair. Secret: only servers ever see it.');
export type Pair = z.infer<typeof PairSchema>;
