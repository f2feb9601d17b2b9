/** Test fixtures of the kit (`@tidepool/kit/testing`): real servers, real databases, readable logs. */
export {
  postgresAvailability,
  databaseBackends,
  type PostgresAvailability,
  type DatabaseBackend,
} from './postgres-availability.js';
export { startPostgres, type TestPostgres } from './postgres-cluster.js';
export { openTestDatabase, type TestDatabaseOptions } from './open-test-database.js';
export { startTestApp } from './start-test-app.js';
export { captureLogs, silentLogger, type CapturedLogs } from './captured-logs.js';
export { staticTokenChecker, staticServerTokens } from './static-tokens.js';
export { findFreePort } from '../lifecycle/free-port.js';
export { exitWithin, isAlive, type ProcessExit } from './process-exit.js';
