/** The request target of an HTTP/1.1 request (RFC 9112 §3.2): its path, its query, and the path sent upstream. */

export interface RequestTarget {
  /** The path as sent, still percent-encoded, without the query. */
  readonly path: string;
  /** `?…` as sent, or `''`. */
  readonly query: string;
}

/**
 * Splits a request target into path and query. The origin form (`/auth/login?x=1`) is the
 * usual one; the absolute form (`http://host/auth/login`), which clients must accept from
 * proxies and may send, is reduced to its path. Anything else (`*`, authority form) is
 * `undefined`: styx forwards no such request.
 */
export function parseRequestTarget(url: string | undefined): RequestTarget | undefined {
  if (url === undefined || url === '') return undefined;
  let target = url;
  if (target.charCodeAt(0) !== 47) {
    // Absolute form (RFC 9112 §3.2.2): keep the path and query, drop scheme and authority.
    const match = /^https?:\/\/[^/?#]*/i.exec(target);
    if (match === null) return undefined;
    target = target.slice(match[0].length);
    if (target === '' || target.startsWith('?')) target = '/' + target;
  }
  const question = target.indexOf('?');
  return question === -1
    ? { path: target, query: '' }
    : { path: target.slice(0, question), query: target.slice(question) };
}

/**
 * The path sent upstream: the prefix removed unless it is kept (`/auth/login` → `/login`,
 * `/auth` → `/`), then the query as it was.
 */
export function upstreamPath(target: RequestTarget, prefix: string, keepPrefix: boolean): string {
  if (keepPrefix || prefix === '/') return target.path + target.query;
  const rest = target.path.slice(prefix.length);
  return (rest === '' ? '/' : rest) + target.query;
}

const NEEDS_CANONICALIZING = /[%.\\A-Z]|\/\/|\/$/;

/**
 * A path in the form servers are likely to understand it, for refusing internal routes
 * however they are spelled: percent-decoded, repeated `/` collapsed, `.` and `..` segments
 * resolved (RFC 3986 §5.2.4), lower case (Express matches routes case-insensitively) and
 * without a trailing `/` (Express ignores it too).
 */
export function canonicalPath(path: string): string {
  // Most paths are already canonical: nothing encoded, no dot, no upper case, no empty segment.
  if (!NEEDS_CANONICALIZING.test(path))
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  let decoded = path;
  // Decode repeatedly, so that `%2574oken` cannot hide `token` behind a second layer.
  for (let round = 0; round < 3 && decoded.includes('%'); round += 1) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  const segments: string[] = [];
  for (const segment of decoded.replaceAll('\\', '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment.toLowerCase());
  }
  return '/' + segments.join('/');
}
