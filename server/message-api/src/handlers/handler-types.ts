/** The handler types of message-api, from its contract, and what every handler works with. */
import type { ServiceHandlers } from '@tidepool/kit';
import type { PermissionSource, PrivatePairSource, ProfileNameSource } from '@tidepool/service-runtime';
import type { SaltRing } from '@tidepool/kit';
import type { messageApiContract } from '@tidepool/spec';
import type { MessageIds } from '../ids/message-ids.js';
import type { MessageStore } from '../store/message-store.js';

/** Every handler message-api writes (the kit serves `getStatus` and `getMetrics`). */
export type MessageApiHandlers = ServiceHandlers<typeof messageApiContract>;

/** What the handlers share: the store, the ids, the salt, and the other services. */
export interface HandlerContext {
  readonly store: MessageStore;
  readonly ids: MessageIds;
  readonly ring: SaltRing;
  readonly permissions: PermissionSource;
  readonly pairs: PrivatePairSource;
  readonly profileNames: ProfileNameSource;
  /** The clock of `createdtime`, `modifiedtime` and removals. */
  readonly now: () => Date;
}
