/** The service kit (DESIGN.md §4): what every service of the platform is built from. */
export {
  createServiceApp,
  type ServiceAppOptions,
  type ServiceApp,
  type ServiceHandlers,
} from './app/create-service-app.js';
export { createStatusReader, type StatusCheck, type ServiceStatusReport } from './app/service-status.js';

export { ProblemError, isProblemError, type ProblemErrorOptions } from './http/problem-error.js';
export {
  badRequest,
  validationFailed,
  unauthorized,
  forbidden,
  notFound,
  conflict,
  payloadTooLarge,
  unsupportedMediaType,
  rateLimited,
  internalError,
  serviceUnavailable,
} from './http/problems.js';
export { createErrorHandler, notFoundHandler, sendProblem, toProblemError } from './http/error-handler.js';
export { problemFromRequestValidation } from './http/request-validation.js';
export { streamedBody } from './http/streamed-body.js';
export { getRequestId, chooseRequestId } from './http/request-id.js';
export { currentRequestId, runWithRequestId } from './http/request-context.js';
export { parseBasicCredentials, type BasicCredentials } from './http/basic-credentials.js';
export {
  EVENT_STREAM_HEADERS,
  formatComment,
  formatEvent,
  parseLastEventId,
} from './http/server-sent-events.js';

export {
  loadConfig,
  loadConfigOrExit,
  commaListSchema,
  ConfigError,
  isSecretLooking,
  type ConfigProblem,
} from './config/load-config.js';
export {
  baseServiceConfigSchema,
  serviceConfigSchema,
  LOG_LEVELS,
  SERVER_SECRET_MIN_LENGTH,
  type BaseServiceConfig,
  type LogLevel,
} from './config/service-config.js';
export {
  databaseConfigShape,
  databaseLocation,
  databaseUrlVariable,
  PostgresUrlSchema,
  type DatabaseLocation,
  type DatabaseUrlVariable,
} from './config/database-url.js';

export { createLogger, type Logger, type LoggerOptions } from './logging/create-logger.js';
export {
  standardOutput,
  type StandardOutput,
  type StandardOutputOptions,
} from './logging/standard-output.js';
export { censorSecrets, CREDENTIAL_HEADERS, REDACTED, SECRET_FIELDS } from './logging/redaction.js';

export { createServiceMetrics, type ServiceMetrics } from './metrics/service-metrics.js';

export type { TokenChecker, TokenInfo } from './auth/token-checker.js';
export { getCaller, findCaller } from './auth/caller.js';
export {
  createRemoteTokenChecker,
  type RemoteTokenChecker,
  type RemoteTokenCheckerOptions,
} from './auth/remote-token-checker.js';

export {
  createServerTokenClient,
  type ServerTokenClientOptions,
  type ServerTokenSource,
} from './client/server-token-client.js';
export { createServiceClient, type ServiceClientOptions } from './client/service-client.js';

export {
  openDatabase,
  type Database,
  type OpenDatabaseOptions,
  type OpenedDatabase,
} from './db/open-database.js';
export {
  hasEmbeddedCluster,
  pgliteClusterTemplateName,
  preparePgliteClusterTemplate,
} from './db/pglite-cluster-template.js';

export { startServer, type RunningServer, type StartServerOptions } from './lifecycle/start-server.js';
export {
  onShutdown,
  type Closer,
  type ShutdownOptions,
  type ShutdownProcess,
} from './lifecycle/on-shutdown.js';
export { findFreePort } from './lifecycle/free-port.js';
export {
  runService,
  type RunServiceOptions,
  type RunningService,
  type ServiceListing,
  type ServiceListingInput,
  type ServiceRegistry,
  type RegistryPublication,
} from './lifecycle/run-service.js';

export {
  createPair,
  assertPair,
  isPair,
  isPairId,
  PAIR_ID_PATTERN,
  PAIR_HASH_PATTERN,
  parseSaltRing,
  generateSalt,
  SaltRingError,
  MINIMUM_SALT_LENGTH,
  MAXIMUM_SALT_VERSION,
  storageName,
  storageNames,
  deriveRecordKey,
  deriveSystemKey,
  deriveSystemScopeKey,
  assertPurpose,
  KEY_LENGTH,
  sealEnvelope,
  openEnvelope,
  readKeyVersion,
  ENVELOPE_FORMAT_VERSION,
  MINIMUM_ENVELOPE_LENGTH,
  DecryptionError,
  DECRYPTION_FAILURE_REASONS,
  createRecordCipher,
  createSystemCipher,
  safeEqual,
  type Pair,
  type SaltRing,
  type DeploySalt,
  type VersionedStorageName,
  type AssociatedData,
  type DecryptionFailureReason,
  type RecordCipher,
  type RecordCipherOptions,
  type SystemCipherOptions,
} from './crypto/index.js';
