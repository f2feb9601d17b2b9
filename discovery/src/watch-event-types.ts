/** Names for the parts of the hakken watch protocol, derived from the contract's exported types. */
import type { ReplicationBody, WatchEvent } from '@tidepool/spec';

/** One change of one listing (`upsert` or `remove`), as replicated and as watched. */
export type ListingChange = ReplicationBody['events'][number];

/** The first event of a stream that could not resume: every listing the watch matches. */
export type WatchSnapshot = Extract<WatchEvent, { kind: 'snapshot' }>;

/** The first event of a resumed stream. */
export type WatchResume = Extract<WatchEvent, { kind: 'resume' }>;
