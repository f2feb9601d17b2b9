/** The one encrypted document a user has in metadata: the collections and the private pairs (DESIGN.md §6). */
import { z } from 'zod';
import { PairNameSchema, PairSchema } from '@tidepool/spec';

/**
 * What is sealed under a user's `meta` pair. `private` holds the pairs of the other portions
 * of their data (`data`, `messages`, …): only a reader of this document can find those.
 */
export const MetadataDocumentSchema = z.object({
  profile: z.record(z.string(), z.unknown()).optional(),
  preferences: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  private: z.record(PairNameSchema, PairSchema).default({}),
});
export type MetadataDocument = z.infer<typeof MetadataDocumentSchema>;

/** The document of a user who has none yet. */
export function emptyDocument(): MetadataDocument {
  return { private: {} };
}
