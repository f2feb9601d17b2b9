/** Salt rotation: re-encrypting stored documents under the newest deploy-salt version (DESIGN.md §6). */
import { z } from 'zod';

/** `POST /metadata/internal/reencrypt`: one batch of re-encryption under the newest salt version. */
export const ReencryptBodySchema = z
  .object({
    limit: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('At most this many documents (default 100).'),
  })
  .strict();
export type ReencryptBody = z.infer<typeof ReencryptBodySchema>;

export const ReencryptResultSchema = z
  .object({
    reencrypted: z.number().int().nonnegative().describe('Documents re-encrypted by this call.'),
    remaining: z.number().int().nonnegative().describe('Documents still under an older salt version.'),
    passFinished: z
      .boolean()
      .describe(
        'True when this batch reached the last account: the next one starts a new pass. Documents ' +
          'a whole pass leaves under an older version belong to no account.',
      ),
  })
  .describe('Progress of a salt rotation.');
export type ReencryptResult = z.infer<typeof ReencryptResultSchema>;
