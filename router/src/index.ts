/** @tidepool/styx: the edge router, the only public entry point of the platform (DESIGN.md §2, §8). */
export { startStyx, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_TIMEOUTS } from './start-styx.js';
export type { RunningStyx, StyxOptions, StyxTimeouts } from './start-styx.js';

export { defaultRules, PORTAL_SERVICE } from './rules/default-rules.js';
export type { DefaultRulesOptions } from './rules/default-rules.js';
export { loadRules, parseRules, parseRulesJson, RulesError } from './rules/load-rules.js';
export type { RulesLocation } from './rules/load-rules.js';
export {
  CORS_REQUIRED_ALLOWED_HEADERS,
  CORS_REQUIRED_EXPOSED_HEADERS,
  CorsSchema,
  RedirectSchema,
  RuleSchema,
  RulesSchema,
  TargetSchema,
} from './rules/rules-schema.js';
export type {
  CorsRule,
  RedirectRule,
  Rule,
  RuleInput,
  Rules,
  RulesInput,
  Target,
} from './rules/rules-schema.js';

export { createStaticUpstreamSource } from './upstream/upstream-source.js';
export { createHakkenUpstreamSource } from './upstream/hakken-upstream-source.js';
export type { StaticUpstreamSource, UpstreamInstance, UpstreamSource } from './upstream/upstream-source.js';

export { DEFAULT_PASSIVE_HEALTH } from './balancing/upstream-endpoint.js';
export type { PassiveHealthOptions } from './balancing/upstream-endpoint.js';
export { DEFAULT_RETRY_BUDGET } from './balancing/retry-budget.js';
export type { RetryBudgetOptions } from './balancing/retry-budget.js';

export { loadStyxConfig, StyxConfigError, StyxConfigSchema } from './config/styx-config.js';
export type { StyxConfig } from './config/styx-config.js';

export { createStyxLogger } from './observability/access-log.js';
export type { AccessRecord, StyxLoggerOptions } from './observability/access-log.js';
export type { DetailedStatus, InstanceReport, TargetReport } from './observability/status-report.js';
