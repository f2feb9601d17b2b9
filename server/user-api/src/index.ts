/** @tidepool/user-api: accounts, login, sessions and server tokens (DESIGN.md §5), served under `/auth`. */
export { createApp, type UserApi, type UserApiDependencies } from './app.js';
export { ConfigSchema, type Config } from './config.js';
export { schema, type UserApiSchema } from './db/schema.js';
export type { ServiceResolver } from './erasure/erasure-worker.js';
export type { MailTransport, OutgoingMail, SentMailQuery } from './mail/mail-transport.js';
export {
  OWASP_SCRYPT_SETTINGS,
  isOwaspEquivalent,
  type ScryptParameters,
} from './passwords/scrypt-parameters.js';
export { createPasswordHasher, type PasswordHasher } from './passwords/password-hasher.js';
