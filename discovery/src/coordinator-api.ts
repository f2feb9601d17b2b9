/** A typed HTTP client for one coordinator, made from the hakken contract; peers and the client library use it. */
import { initClient } from '@ts-rest/core';
import { hakkenContract, SERVER_SECRET_HEADER } from '@tidepool/spec';
import { startDeadline } from './deadline.js';

export interface CoordinatorApiOptions {
  /** `http://host:port` of the coordinator. */
  readonly baseUrl: string;
  /** Sent as `x-tidepool-server-secret` on every call: every hakken caller is a server of the platform. */
  readonly serverSecret: string;
  /**
   * A call that takes longer fails, so that a hung coordinator is passed over like a dead one;
   * an answer that came in time while this process was busy still counts (`startDeadline`).
   */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

async function readBody(response: Response): Promise<unknown> {
  const contentType = response.headers.get('content-type') ?? '';
  if (/^application\/([\w.+-]+\+)?json/i.test(contentType)) return response.json();
  const text = await response.text();
  return text === '' ? undefined : text;
}

/**
 * ts-rest's client over `hakkenContract` for one coordinator. Network failures and timeouts
 * reject; every answer, 4xx and 5xx included, resolves with its status.
 *
 * @example
 * const api = createCoordinatorApi({ baseUrl: 'http://127.0.0.1:8000', serverSecret, timeoutMs: 1000 });
 * const answer = await api.publishListing({ body: { service: 'user-api', host: '127.0.0.1:9107', protocol: 'http' } });
 */
export function createCoordinatorApi(options: CoordinatorApiOptions) {
  const fetchFunction = options.fetch ?? fetch;
  return initClient(hakkenContract, {
    baseUrl: options.baseUrl,
    throwOnUnknownStatus: true,
    api: async (args) => {
      const deadline = startDeadline(options.timeoutMs);
      try {
        const response = await fetchFunction(args.path, {
          method: args.method,
          headers: { ...args.headers, [SERVER_SECRET_HEADER]: options.serverSecret },
          body: args.body ?? null,
          signal: deadline.signal,
        });
        return { status: response.status, body: await readBody(response), headers: response.headers };
      } finally {
        deadline.clear();
      }
    },
  });
}

/** The client of one coordinator. */
export type CoordinatorApi = ReturnType<typeof createCoordinatorApi>;
