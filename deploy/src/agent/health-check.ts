/** Whether a slot's process answers: its `GET /status` with 200, as every service of the kit serves it (DESIGN.md §4). */

/** One probe; false on any failure, including a timeout. */
export async function answersStatus(baseUrl: string, timeoutMilliseconds = 1000): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/status`, { signal: AbortSignal.timeout(timeoutMilliseconds) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** `http://host:port` to reach a process that listens on `host`: a wildcard address is reached on the loopback. */
export function localUrl(host: string | undefined, port: number): string {
  const reachable =
    host === undefined || host === '' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return reachable.includes(':') ? `http://[${reachable}]:${port}` : `http://${reachable}:${port}`;
}

export interface HealthWatchOptions {
  readonly url: string;
  readonly intervalMilliseconds: number;
  readonly timeoutMilliseconds: number;
  /** Checked before each probe and after it answers: false ends the watch quietly. */
  readonly stillWanted: () => boolean;
  readonly onHealthy: () => void;
  readonly onTimeout: () => void;
}

/** Probes `/status` every interval until it answers 200, the time is up, or it is no longer wanted; returns the cancel. */
export function watchUntilHealthy(options: HealthWatchOptions): () => void {
  const deadline = Date.now() + options.timeoutMilliseconds;
  let timer: NodeJS.Timeout | undefined;
  const probe = async () => {
    timer = undefined;
    if (!options.stillWanted()) return;
    const healthy = await answersStatus(options.url);
    if (!options.stillWanted()) return;
    if (healthy) {
      options.onHealthy();
      return;
    }
    if (Date.now() > deadline) {
      options.onTimeout();
      return;
    }
    timer = setTimeout(() => void probe(), options.intervalMilliseconds);
  };
  timer = setTimeout(() => void probe(), options.intervalMilliseconds);
  return () => {
    clearTimeout(timer);
  };
}
