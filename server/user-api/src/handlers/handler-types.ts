/** The handler types of user-api, from its contract. */
import type { ServiceHandlers } from '@tidepool/kit';
import type { userApiContract } from '@tidepool/spec';

/** Every handler user-api writes (the kit serves `getStatus` and `getMetrics`). */
export type UserApiHandlers = ServiceHandlers<typeof userApiContract>;
