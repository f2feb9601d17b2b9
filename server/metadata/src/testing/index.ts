/** Test fixtures of metadata (`@tidepool/metadata/testing`): a real metadata over a real database, and an in-memory access. */
export {
  startMetadataFixture,
  openMetadataTestDatabase,
  migrationsFolder,
  type MetadataFixture,
  type MetadataFixtureOptions,
} from './metadata-fixture.js';
export { memorySharing, type MemorySharing } from './memory-sharing.js';
