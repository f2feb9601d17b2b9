/** `GET /status`: the service's health, from checks the service supplies (spec ServiceStatusSchema). */
import type { Logger } from 'pino';

/** A dependency check, such as a database ping: resolves when healthy, rejects when not. */
export type StatusCheck = () => Promise<unknown>;

/** What `GET /status` answers; the shape of `ServiceStatusSchema` in @tidepool/spec. */
export interface ServiceStatusReport {
  readonly service: string;
  readonly version: string;
  readonly status: 'ok' | 'degraded';
  readonly uptimeSeconds: number;
  readonly checks: Record<string, 'ok' | 'failing'>;
}

export interface StatusReaderOptions {
  readonly service: string;
  readonly version: string;
  readonly checks: Readonly<Record<string, StatusCheck>>;
  readonly logger: Logger;
  /** A check that takes longer than this counts as failing, so /status never hangs. */
  readonly checkTimeoutMilliseconds?: number;
}

function withTimeout(check: StatusCheck, milliseconds: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${milliseconds} ms`));
    }, milliseconds);
  });
  return Promise.race([Promise.resolve().then(check), timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/** Makes the function that runs every check and reports `degraded` when any fails. */
export function createStatusReader(options: StatusReaderOptions): () => Promise<ServiceStatusReport> {
  const startedAt = performance.now();
  const timeoutMilliseconds = options.checkTimeoutMilliseconds ?? 2000;
  return async () => {
    const names = Object.keys(options.checks);
    const outcomes = await Promise.allSettled(
      names.map((name) =>
        withTimeout(options.checks[name] ?? (() => Promise.resolve()), timeoutMilliseconds),
      ),
    );
    const checks: Record<string, 'ok' | 'failing'> = {};
    outcomes.forEach((outcome, index) => {
      const name = names[index] ?? String(index);
      checks[name] = outcome.status === 'fulfilled' ? 'ok' : 'failing';
      if (outcome.status === 'rejected') {
        const reason: unknown = outcome.reason;
        options.logger.warn(
          { check: name, reason: reason instanceof Error ? reason.message : String(reason) },
          'status check failing',
        );
      }
    });
    return {
      service: options.service,
      version: options.version,
      status: Object.values(checks).every((value) => value === 'ok') ? 'ok' : 'degraded',
      uptimeSeconds: Math.floor((performance.now() - startedAt) / 1000),
      checks,
    };
  };
}
