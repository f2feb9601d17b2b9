/** Test fixtures of hakken (`@tidepool/hakken/testing`): coordinators as processes, cuttable links, waiting. */
export {
  startCoordinatorProcess,
  type CoordinatorProcess,
  type CoordinatorProcessOptions,
} from './coordinator-process.js';
export { startCuttableProxy, type CuttableProxy } from './cuttable-proxy.js';
export { waitFor } from './wait-for.js';
