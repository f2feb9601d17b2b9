/** @tidepool/hakken: service discovery. The client every process uses, and the coordinator itself. */
export { createHakkenClient, type HakkenClient, type HakkenClientOptions } from './client/hakken-client.js';
export { PublishRefusedError, type Publication } from './client/publication.js';
export type { ListingWatch, ListingFilter } from './client/listing-watch.js';
export type { WatchChange } from './client/listing-cache.js';
export {
  startCoordinator,
  type CoordinatorOptions,
  type RunningCoordinator,
} from './coordinator/start-coordinator.js';
export { coordinatorConfigSchema, type CoordinatorConfig } from './coordinator/coordinator-config.js';
export { coordinatorUrl } from './coordinator-url.js';
export type { ListingChange, WatchResume, WatchSnapshot } from './watch-event-types.js';
