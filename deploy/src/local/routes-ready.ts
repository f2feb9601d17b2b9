/** Waiting, at the end of `npm start`, until styx routes to every service it fronts. */
import type { ServiceStatus } from '@tidepool/spec';
import type { Agent } from '../agent/agent.js';
import { localUrl } from '../agent/health-check.js';

const POLL_MILLISECONDS = 200;
const REQUEST_TIMEOUT_MILLISECONDS = 2000;

/** styx's public status, or undefined while it does not answer one. */
async function styxStatus(url: string): Promise<ServiceStatus | undefined> {
  try {
    const response = await fetch(`${url}/status`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MILLISECONDS),
    });
    return response.ok ? ((await response.json()) as ServiceStatus) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves once every styx slot's public `/status` says `ok`: each service it routes to has an
 * instance in discovery. A service slot is RUNNING once it answers its own health check, a
 * moment before its listing reaches styx through hakken; without this wait the first request
 * after "Tidepool is running" could get 503 "no instance available". Rejects after the
 * timeout naming the services styx still cannot reach, or when the start is aborted.
 */
export async function waitUntilStyxRoutesEverywhere(
  agent: Agent,
  timeoutMilliseconds: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  const styxUrls = agent
    .slots()
    .filter((slot) => slot.bundle?.service === 'styx')
    .flatMap((slot) => {
      const { port } = slot.describe();
      return port === undefined ? [] : [localUrl(slot.bundle?.config.HOST, port)];
    });
  for (const url of styxUrls) {
    for (;;) {
      if (signal.aborted) throw new Error('Stopped while starting.');
      const status = await styxStatus(url);
      if (status?.status === 'ok') break;
      if (Date.now() > deadline) {
        const failing = Object.entries(status?.checks ?? {})
          .filter(([, check]) => check !== 'ok')
          .map(([service]) => service);
        throw new Error(
          `styx (${url}) did not route to every service within ${timeoutMilliseconds} ms` +
            (failing.length === 0 ? '.' : `: no instance of ${failing.join(', ')}.`),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MILLISECONDS));
    }
  }
}
