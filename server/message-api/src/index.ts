/** @tidepool/message-api: notes and replies on a patient's data (DESIGN.md §9), served under `/message`. */
export { createApp, type MessageApi, type MessageApiDependencies } from './app.js';
export { ConfigSchema, type Config } from './config.js';
export { schema, type MessageApiSchema } from './db/schema.js';
export { createMessageIds, type MessageIds, type MessageIdentity } from './ids/message-ids.js';
