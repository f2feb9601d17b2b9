/** Test fixtures of data (`@tidepool/data/testing`): a real data service over a real database, and sample data. */
export {
  startDataFixture,
  openDataTestDatabase,
  migrationsFolder,
  send,
  type DataFixture,
  type DataFixtureOptions,
  type FixtureUser,
} from './data-fixture.js';
export { uploadRecord, cgmReadings } from './sample-data.js';
