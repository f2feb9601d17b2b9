/** Calls to another service whose failure becomes a clear 503 for the caller, never a 500. */
import { isProblemError, serviceUnavailable } from '@tidepool/kit';

/**
 * Runs a call to `service`; a network failure, or an answer the caller did not expect,
 * becomes a 503 problem that names the service (the cause is kept for the logs).
 *
 * @example
 * const answer = await callDependency('access', () => client.getPermissions({ params }));
 */
export async function callDependency<Answer>(service: string, call: () => Promise<Answer>): Promise<Answer> {
  try {
    return await call();
  } catch (error) {
    if (isProblemError(error)) throw error;
    throw serviceUnavailable(`${service} could not be reached; try again later.`, { cause: error });
  }
}

/** The 503 for an answer of `service` that its contract allows but this caller cannot use. */
export function unexpectedAnswer(service: string, status: number) {
  return serviceUnavailable(`${service} answered ${status}; try again later.`);
}
