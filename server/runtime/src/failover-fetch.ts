/** A fetch for calls between services that sends a refused request to another instance of the same service. */
import type { FailoverServiceLocator } from './service-locator.js';

/** Attempts per call, the first included: enough to pass over both slots of a service once. */
const MAXIMUM_ATTEMPTS = 3;

/**
 * Whether the connection was refused: nothing reached the instance, so the request may go to
 * another one whatever its method (a killed process whose listing has not expired yet). Node's
 * fetch (undici) rejects with `TypeError('fetch failed')` whose `cause` has the socket's code.
 */
export function wasRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

/** Methods whose repetition has the effect of one request (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** A connection that failed (fetch's TypeError), not an abort or a timeout of the caller. */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && !wasRefused(error);
}

/** A body that can be sent twice (a stream is consumed by the first attempt). */
function isReplayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof URLSearchParams
  );
}

/**
 * Wraps `fetch` so that a request refused by an instance `locator` answered is sent to
 * another instance of that service (same path, query, method, headers and body), at most
 * {@link MAXIMUM_ATTEMPTS} times in all. An idempotent request whose connection broke (a kept-alive
 * connection to a process just killed) is sent again; if the instance is gone, that attempt is
 * refused and goes elsewhere. Any other failure, and any answer, is passed on as it is: after a
 * reset or a timeout the instance may have acted on a POST.
 *
 * @example
 * const locate = hakkenServiceLocator(hakken);
 * const client = createServiceClient(accessContract, { baseUrl: locate('access'), tokens, fetch: failoverFetch(locate) });
 */
export function failoverFetch(
  locator: FailoverServiceLocator,
  fetchFunction: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    if (typeof input !== 'string' || !isReplayable(init?.body)) return fetchFunction(input, init);
    const idempotent = IDEMPOTENT_METHODS.has((init?.method ?? 'GET').toUpperCase());
    let url = input;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await fetchFunction(url, init);
      } catch (error) {
        if (attempt >= MAXIMUM_ATTEMPTS) throw error;
        if (idempotent && isNetworkFailure(error)) continue;
        if (!wasRefused(error)) throw error;
        const parsed = new URL(url);
        const next = await locator.refused(parsed.origin);
        if (next === undefined) throw error;
        url = `${next}${parsed.pathname}${parsed.search}`;
      }
    }
  };
}
