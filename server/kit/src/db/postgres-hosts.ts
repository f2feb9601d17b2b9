/** The servers a (possibly multi-host) PostgreSQL URL names, in order, as libpq reads them. */

/** One server of a connection URL. */
export interface PostgresHost {
  readonly host: string;
  readonly port: number;
}

/** PostgreSQL's default port, used for a host written without one. */
const DEFAULT_PORT = 5432;

/** `host`, `host:port`, `[ipv6]` or `[ipv6]:port`. */
const HOST_PATTERN = /^(?:\[(?<ipv6>[0-9A-Fa-f:.]+)\]|(?<name>[^:[\]]+))(?::(?<port>\d{1,5}))?$/;

/**
 * The hosts of `postgres://user:password@host1:port1,host2:port2/database?…`, in the order
 * written (libpq "multiple hosts", which postgres.js accepts too). Empty when the URL names no
 * host (a Unix socket given in the query string, or the PGHOST environment variable).
 *
 * @example postgresHosts('postgres://u@10.0.0.1:5432,10.0.0.2/db') // [{10.0.0.1, 5432}, {10.0.0.2, 5432}]
 */
export function postgresHosts(url: string): PostgresHost[] {
  const authority = /^postgres(?:ql)?:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined) throw new Error('Not a postgres:// URL');
  // Credentials end at the last '@' (a password may hold '@' only percent-encoded, but be lenient).
  const hostList = decodeURIComponent(authority.slice(authority.lastIndexOf('@') + 1));
  if (hostList === '') return [];
  return hostList.split(',').map((entry) => {
    const match = HOST_PATTERN.exec(entry);
    const host = match?.groups?.ipv6 ?? match?.groups?.name;
    const port = match?.groups?.port === undefined ? DEFAULT_PORT : Number(match.groups.port);
    if (host === undefined || port < 1 || port > 65_535) {
      throw new Error(`The PostgreSQL URL names a host that cannot be read: ${entry}`);
    }
    return { host, port };
  });
}

/** Where a URL points, without credentials or query, for logs. */
export function describePostgresUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/)(?:[^@/]*@)?([^/?]*).*$/, '$1$2');
}
