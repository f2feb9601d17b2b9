/** @tidepool/metadata: each user's profile, preferences, settings and private pairs in one encrypted document (DESIGN.md §6, §9). */
export { createApp, type MetadataApp, type MetadataDependencies } from './app.js';
export { ConfigSchema, type Config } from './config.js';
export { schema, type MetadataSchema } from './db/schema.js';
export { mergePatch, type JsonObject } from './documents/merge-patch.js';
export {
  createUserApiAccountSource,
  type AccountSource,
  type AccountIdPage,
  type UserApiAccountSourceOptions,
} from './platform/account-source.js';
export {
  createAccessSharingSource,
  type SharingSource,
  type AccessSharingSourceOptions,
} from './platform/sharing-source.js';
