/** @tidepool/data: device data upload, query and summaries (DESIGN.md §6, §9), served under `/data`. */
export { createApp, READINGS_PURPOSE, type DataDependencies, type DataService } from './app.js';
export { ConfigSchema, type Config } from './config.js';
export { schema, type DataSchema } from './db/schema.js';
export { IDENTIFYING_FIELDS } from './datum/datum-parts.js';
export {
  createGlucoseAccumulator,
  DEFAULT_THRESHOLDS,
  type GlucoseAccumulator,
  type GlucoseStatistics,
  type GlucoseThresholds,
} from './summary/glucose-summary.js';
export { exportResearchData, type ResearchExportOptions } from './research/research-export.js';
