/** The handler types of data, from its contract. */
import type { ServiceHandlers } from '@tidepool/kit';
import type { dataContract } from '@tidepool/spec';

/** Every handler data writes (the kit serves `getStatus` and `getMetrics`). */
export type DataHandlers = ServiceHandlers<typeof dataContract>;
