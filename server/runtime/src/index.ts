/** @tidepool/service-runtime: what a platform service needs of the others (DESIGN.md §4, §6, §7, §9). */
export {
  connectPlatform,
  platformConfigShape,
  type PlatformConnection,
  type PlatformConnectionOptions,
} from './platform-connection.js';
export { runPlatformService, type PlatformServiceOptions } from './run-platform-service.js';
export type { PermissionSource, PrivatePairSource, ProfileNameSource } from './platform-sources.js';
export { mayView, mayUpload, mayNote, mayManage, mayEditProfile } from './permission-rules.js';
export {
  createAccessPermissionSource,
  type AccessPermissionSourceOptions,
} from './access-permission-source.js';
export {
  createMetadataPairSource,
  createMetadataProfileNameSource,
  type MetadataSourceOptions,
} from './metadata-sources.js';
export {
  hakkenServiceLocator,
  fixedServiceLocator,
  type FailoverServiceLocator,
  type ServiceLocator,
} from './service-locator.js';
export { failoverFetch, wasRefused } from './failover-fetch.js';
export { callDependency, unexpectedAnswer } from './dependency-call.js';
