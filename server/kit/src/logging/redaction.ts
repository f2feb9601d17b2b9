/** Which log fields are censored: credentials, secrets and hashes, wherever a log line puts them. */

/** Request and response headers that carry credentials. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-tidepool-session-token',
  'x-tidepool-server-secret',
];

/** Field names that hold secrets in bodies and objects that code may log. */
export const SECRET_FIELDS: readonly string[] = [
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

/** What replaces a censored value. */
export const REDACTED = '[Redacted]';

/** Every censored name, in lower case: a field or header with one of these names, in any case, at any depth. */
const SECRET_NAMES: ReadonlySet<string> = new Set(
  [...CREDENTIAL_HEADERS, ...SECRET_FIELDS].map((name) => name.toLowerCase()),
);

/**
 * A key of a JSON text with one of the secret names. Inside a JSON string value a quote is
 * always escaped (`\"`), so `"name":` appears only where a key does: a line this does not
 * match holds no such field.
 */
const SECRET_KEY = new RegExp(`"(?:${[...SECRET_NAMES].join('|')})":`, 'i');

/** `value` with every field of a secret name replaced by `REDACTED`, at any depth, arrays included. */
function censor(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(censor);
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines each field as it is, `__proto__` included.
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [
      name,
      SECRET_NAMES.has(name.toLowerCase()) ? REDACTED : censor(field),
    ]),
  );
}

/** Said instead of a line that names a secret field but cannot be read to censor it. */
const WITHHELD = `{"level":"error","msg":"a log line was withheld: it names a secret field and could not be censored"}`;

/**
 * One JSON log line (pino's output, newline included) with the value of every field named
 * like a secret (`password`, `token`, `authorization`, … — see `SECRET_FIELDS` and
 * `CREDENTIAL_HEADERS`) replaced by `REDACTED`, at any depth and in any case. A line without
 * such a field, nearly every line, is returned as it is after one regular-expression test.
 *
 * It replaces pino's `redact` option, which matches paths: listing each name at every depth
 * took 65 wildcard paths, and pino 10's redaction cost 77–194 µs a line with them against
 * ~5 µs for the line itself (server/kit/README.md, "Logging").
 *
 * @example pino({ hooks: { streamWrite: censorSecrets } })
 */
export function censorSecrets(line: string): string {
  if (!SECRET_KEY.test(line)) return line;
  const end = line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(censor(JSON.parse(line))) + end;
  } catch {
    return WITHHELD + end;
  }
}
