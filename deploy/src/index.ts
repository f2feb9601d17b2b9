/** @tidepool/shio: servers with slots that run the platform's services, the `shio` CLI, and `npm start` (DESIGN.md §8). */
export { Agent, DEFAULT_SLOT_TIMINGS, type AgentOptions } from './agent/agent.js';
export { createAgentApp, type AgentAppOptions } from './agent/agent-app.js';
export { agentConfigSchema, type AgentConfig } from './agent/agent-config.js';
export {
  BundleRegistry,
  BUILT_IN_SERVICES,
  DATA_PROCESS_ENVIRONMENT,
  STYX_NODE_FLAGS,
  type AgentBundle,
  type BundleRegistryOptions,
  type ResolvedBundle,
  type ServiceDefinition,
} from './agent/bundle-registry.js';
export { embeddedDatabaseDirectory } from './agent/embedded-database.js';
export {
  DEFAULT_RESTART_BACKOFF,
  RestartBackoff,
  restartDelay,
  type RestartBackoffOptions,
} from './agent/restart-backoff.js';
export { Slot, type SlotDetails, type SlotTimings } from './agent/slot.js';
export { SlotError, type SlotErrorKind } from './agent/slot-error.js';
export { nextSlotState, type SlotEvent } from './agent/slot-state.js';
export { waitForSlotState } from './agent/wait-for-state.js';

export {
  loadPlan,
  PlanError,
  type LoadedPlan,
  type LoadPlanOptions,
  type SkippedSlot,
} from './plan/load-plan.js';
export { PlanSchema, type Plan, type PlanSlot, type PlanStage } from './plan/plan-schema.js';
export { substituteVariables } from './plan/plan-variables.js';
export {
  LOCAL_SECRET_NAMES,
  localSecretsPath,
  readLocalSecrets,
  type LocalSecrets,
} from './plan/local-secrets.js';
export { SlotStartError, startPlan, stopPlan } from './plan/run-plan.js';
export {
  prepareLocalPlatform,
  type LocalPlatform,
  type LocalPlatformOptions,
} from './local/local-platform.js';

export { runShio, createShioProgram, type ShioIo } from './cli/program.js';
export { rollingDeploy, type DeployedSlot, type RollingDeployOptions } from './cli/rolling-deploy.js';
