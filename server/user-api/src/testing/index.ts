/** Test fixtures of user-api (`@tidepool/user-api/testing`): a real user-api over a real database, and request helpers. */
export {
  startUserApiFixture,
  openUsersTestDatabase,
  migrationsFolder,
  CHEAP_SCRYPT,
  type UserApiFixture,
  type UserApiFixtureOptions,
} from './user-api-fixture.js';
export {
  newIdentity,
  basicAuthorization,
  send,
  signUp,
  logIn,
  serverToken,
  mailTo,
  mailedToken,
} from './user-api-requests.js';
