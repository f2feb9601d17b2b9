/** The handler types of access, from its contract. */
import type { ServiceHandlers } from '@tidepool/kit';
import type { accessContract } from '@tidepool/spec';

/** Every handler access writes (the kit serves `getStatus` and `getMetrics`). */
export type AccessHandlers = ServiceHandlers<typeof accessContract>;
