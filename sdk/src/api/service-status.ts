/** `GET /<service>/status` for each group: the health answer, degraded (503) included. */
import { ServiceStatusSchema } from '@tidepool/spec';
import type { ServiceStatus } from '@tidepool/spec';
import { ServerError } from '../errors/tidepool-error.js';

/**
 * The status of a service. A degraded service answers 503 with the same shape as a healthy
 * one; that is a status to show, not a failure of the call, so it is returned too.
 *
 * @example
 * getStatus(options) {
 *   return degradedIsStatus(async () => successBody(await raw.getStatus({ requestOptions: options }), 200));
 * }
 */
export async function degradedIsStatus(getStatus: () => Promise<ServiceStatus>): Promise<ServiceStatus> {
  try {
    return await getStatus();
  } catch (error) {
    if (error instanceof ServerError && error.status === 503) {
      const degraded = ServiceStatusSchema.safeParse(error.body);
      if (degraded.success) return degraded.data;
    }
    throw error;
  }
}
