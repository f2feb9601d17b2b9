/** @tidepool/access: who may see whose data, and sharing by email (DESIGN.md §6, §9), served under `/access`. */
export { createApp, type Access, type AccessDependencies } from './app.js';
export type { AccessContext } from './access-context.js';
export { ConfigSchema, type Config } from './config.js';
export { schema, type AccessSchema } from './db/schema.js';
export {
  userKey,
  userKeys,
  emailKey,
  emailKeys,
  normalizeEmail,
  type VersionedKey,
} from './keys/lookup-keys.js';
