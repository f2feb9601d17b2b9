/** A fetch stand-in that answers from a route table and counts calls, for the clients of service-runtime. */

export type FakeRoute = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

export interface FakeFetch {
  readonly fetch: typeof fetch;
  /** Paths asked, in order. */
  readonly calls: string[];
}

/** JSON answer helper. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * Answers `POST /serverlogin` with a server token itself and everything else with `route`.
 *
 * @example const { fetch, calls } = fakeFetch(() => json(200, { view: {} }));
 */
export function fakeFetch(route: FakeRoute): FakeFetch {
  const calls: string[] = [];
  const fetchFunction = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname.endsWith('/serverlogin')) {
      return new Response(null, {
        status: 200,
        headers: { 'x-tidepool-session-token': 'server-token-0123456789' },
      });
    }
    calls.push(url.pathname);
    return route(url, init);
  }) as typeof fetch;
  return { fetch: fetchFunction, calls };
}
