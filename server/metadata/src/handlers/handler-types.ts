/** The handler types of metadata, from its contract, and what every handler works with. */
import type { Logger } from 'pino';
import type { ServiceHandlers } from '@tidepool/kit';
import type { PermissionSource } from '@tidepool/service-runtime';
import type { metadataContract } from '@tidepool/spec';
import type { DocumentStore } from '../documents/document-store.js';
import type { SaltCheck } from '../documents/salt-check.js';
import type { AccountSource } from '../platform/account-source.js';
import type { SharingSource } from '../platform/sharing-source.js';
import type { ReencryptionWalk } from '../reencryption/reencryption-walk.js';

/** Every handler metadata writes (the kit serves `getStatus` and `getMetrics`). */
export type MetadataHandlers = ServiceHandlers<typeof metadataContract>;

/** What the handlers use, built once per app. */
export interface MetadataContext {
  readonly logger: Logger;
  readonly store: DocumentStore;
  readonly saltCheck: SaltCheck;
  readonly accounts: AccountSource;
  readonly sharing: SharingSource;
  readonly permissions: PermissionSource;
  readonly reencryption: ReencryptionWalk;
}
