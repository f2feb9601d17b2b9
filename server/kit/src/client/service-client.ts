/** A typed client for calling another service of the platform with this service's server token. */
import { initClient, type ApiFetcherArgs, type AppRouter } from '@ts-rest/core';
import { REQUEST_ID_HEADER, SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { currentRequestId } from '../http/request-context.js';
import type { ServerTokenSource } from './server-token-client.js';

export interface ServiceClientOptions {
  /** The other service's base URL, looked up for every call (hakken may move it). */
  readonly baseUrl: () => string | Promise<string>;
  readonly tokens: ServerTokenSource;
  readonly fetch?: typeof fetch;
}

async function readBody(response: Response): Promise<unknown> {
  const contentType = response.headers.get('content-type') ?? '';
  if (/^application\/([\w.+-]+\+)?json/i.test(contentType)) return response.json();
  if (contentType.startsWith('text/')) return response.text();
  const bytes = await response.arrayBuffer();
  return bytes.byteLength === 0 ? undefined : new Uint8Array(bytes);
}

/**
 * ts-rest's `initClient` over a contract, sending the server token on every call and the
 * `x-request-id` of the request being served, so one id follows a request through the
 * services. A call refused with 401 logs in again and is sent once more.
 *
 * @example
 * const userApi = createServiceClient(userApiContract, { baseUrl: () => url, tokens });
 * const answer = await userApi.getPrivatePair({ params: { userid } });
 */
export function createServiceClient<Contract extends AppRouter>(
  contract: Contract,
  options: ServiceClientOptions,
) {
  const fetchFunction = options.fetch ?? fetch;

  async function send(args: ApiFetcherArgs, token: string): Promise<Response> {
    const requestId = currentRequestId();
    return fetchFunction(`${await options.baseUrl()}${args.path}`, {
      method: args.method,
      headers: {
        ...args.headers,
        [SESSION_TOKEN_HEADER]: token,
        ...(requestId === undefined ? {} : { [REQUEST_ID_HEADER]: requestId }),
      },
      body: args.body ?? null,
    });
  }

  return initClient(contract, {
    baseUrl: '',
    throwOnUnknownStatus: true,
    api: async (args) => {
      const token = await options.tokens.getToken();
      let response = await send(args, token);
      if (response.status === 401) {
        await response.body?.cancel();
        options.tokens.invalidate(token);
        response = await send(args, await options.tokens.getToken());
      }
      return { status: response.status, body: await readBody(response), headers: response.headers };
    },
  });
}
