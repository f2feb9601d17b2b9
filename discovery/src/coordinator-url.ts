/** Coordinator addresses: `host:port` as hakken lists them, or a full URL, turned into a base URL. */

/**
 * The base URL of a coordinator given as `host:port` (http assumed, as on the private network
 * of DESIGN.md §2) or as an `http(s)://` URL. Throws on anything else, so a typo in
 * HAKKEN_PEERS or in a client's options fails at start.
 *
 * @example coordinatorUrl('127.0.0.1:8000') // 'http://127.0.0.1:8000'
 */
export function coordinatorUrl(address: string): string {
  const trimmed = address.trim();
  const hasScheme = /^https?:\/\//i.test(trimmed);
  if (!hasScheme && !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(trimmed)) {
    throw new Error(`Not a coordinator address: "${address}" (expected host:port or an http(s) URL).`);
  }
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    throw new Error(`Not a coordinator address: "${address}" (expected host:port or an http(s) URL).`);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** `host:port` of a base URL, as coordinators name each other. */
export function hostOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  return `${url.hostname}:${port}`;
}

/** Splits a comma-separated list of coordinator addresses (HAKKEN_PEERS), ignoring blanks. */
export function parseCoordinatorList(list: string | undefined): string[] {
  if (list === undefined) return [];
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(coordinatorUrl);
}
