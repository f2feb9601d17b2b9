/** Test fixtures of access (`@tidepool/access/testing`): a real access beside a real user-api, and request helpers. */
export {
  startAccessFixture,
  openAccessTestDatabase,
  migrationsFolder,
  type AccessFixture,
  type AccessFixtureOptions,
} from './access-fixture.js';
export { newUser, verifyEmail, grant, type TestUser } from './access-requests.js';
