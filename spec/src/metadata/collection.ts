/** The metadata collections (`profile`, `preferences`, `settings`) and the merge body that changes them. */
import { z } from 'zod';

/** The collections a client may read and change; `private` (the pairs) is internal only. */
export const COLLECTION_NAMES = ['profile', 'preferences', 'settings'] as const;
export const CollectionNameSchema = z.enum(COLLECTION_NAMES).describe('Which collection of the metadata.');
export type CollectionName = z.infer<typeof CollectionNameSchema>;

/**
 * A collection as stored: a JSON object. `profile` follows `ProfileSchema`; `preferences` and
 * `settings` belong to the clients.
 */
export const CollectionSchema = z
  .record(z.string(), z.unknown())
  .describe('A collection: a JSON object. `profile` follows the Profile schema.');
export type Collection = z.infer<typeof CollectionSchema>;

/**
 * A JSON merge patch (RFC 7396) for a collection: each key replaces the stored value, objects
 * merge recursively, and a `null` value removes the key.
 */
export const CollectionPatchSchema = z
  .record(z.string(), z.unknown())
  .describe('A JSON merge patch (RFC 7396): `null` removes a key.');
export type CollectionPatch = z.infer<typeof CollectionPatchSchema>;
