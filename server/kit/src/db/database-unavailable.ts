/** Which database failures mean "no writable primary right now" (a 503), as opposed to a failed query (a 500). */

/** Thrown while a service has no writable primary to send a query to (docs/postgresql-replicas.md). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(message = 'No writable PostgreSQL primary is reachable.', options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * SQLSTATE codes of a server that is going away or cannot take writes (PostgreSQL, Appendix A):
 * class 08 (connection exception) is matched as a class below.
 */
const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set([
  '25006', // read_only_sql_transaction: the host is a standby now
  '57P01', // admin_shutdown: fast or immediate shutdown
  '57P02', // crash_shutdown: another backend crashed
  '57P03', // cannot_connect_now: starting up, shutting down or in recovery
  '53300', // too_many_connections
]);

/** Codes that postgres.js (connection state) and Node (sockets) put on lost or refused connections. */
const UNAVAILABLE_CONNECTION_CODES: ReadonlySet<string> = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

function codeOf(error: object): string | undefined {
  return 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Whether one error (not its causes) says the database is unreachable or read-only. */
function saysUnavailable(error: object): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = codeOf(error);
  if (code === undefined) return false;
  return (
    UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)
  );
}

/**
 * Whether an error, or any error in its `cause` chain (Drizzle wraps driver errors in
 * `DrizzleQueryError`), means the database cannot take the request now: refused or lost
 * connections, a server shutting down or starting, a read-only standby. Constraint violations,
 * syntax errors and the like are not: they would fail again on any primary.
 *
 * @example if (isDatabaseUnavailable(error)) throw serviceUnavailable('…', { retryAfterSeconds: 2 });
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // Bounded: a cause chain could loop.
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if (saysUnavailable(current)) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}
