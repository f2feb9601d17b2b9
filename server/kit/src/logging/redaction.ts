/** Which log fields are censored: credentials, secrets and hashes, wherever a log line puts them. */

/** Request and response headers that carry credentials. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-tidepool-session-token',
  'x-tidepool-server-secret',
];

/** Field names that hold secrets in bodies and objects that code may log. */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'sessionToken',
  'serverToken',
  'secret',
  'serverSecret',
  'hash',
  'salt',
  'key',
  'authorization',
  'cookie',
];

/** How deep below the top of a log line a secret field is still found (`a.b.c.password`). */
const SEARCH_DEPTH = 4;

function bracket(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`;
}

/**
 * The pino `redact` paths. pino matches exact paths with `*` for one level, not "any depth",
 * so each secret field is listed at every depth up to `SEARCH_DEPTH`, and each credential
 * header under the places headers are logged.
 */
export function redactionPaths(): string[] {
  const paths: string[] = [];
  for (const header of CREDENTIAL_HEADERS) {
    for (const holder of ['req.headers', 'res.headers', 'headers', 'request.headers', 'response.headers']) {
      paths.push(holder + bracket(header));
    }
  }
  for (const field of SECRET_FIELDS) {
    for (let depth = 0; depth <= SEARCH_DEPTH; depth += 1) {
      paths.push('*.'.repeat(depth) + field);
    }
  }
  return paths;
}

/** What replaces a censored value. */
export const REDACTED = '[Redacted]';
