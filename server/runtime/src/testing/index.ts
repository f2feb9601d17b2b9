/** Test stand-ins of `@tidepool/service-runtime`. */
export {
  memoryPermissions,
  memoryPairs,
  staticProfileNames,
  type MemoryPermissions,
  type MemoryPairs,
} from './memory-sources.js';
