/** Hop-by-hop headers: meaningful for one connection only, so a proxy never forwards them (RFC 9110 §7.6.1). */
import { util } from 'undici';

const { headerNameToString } = util;
/**
 * The connection-specific fields RFC 9110 §7.6.1 names, the obsolete ones proxies still see
 * (`keep-alive`, `proxy-connection`), and `proxy-authenticate`/`proxy-authorization`, which
 * are addressed to styx, not to the service behind it (RFC 9110 §11.7).
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** A `Connection` value that names no header: `keep-alive` or `close`, in any case, with optional spaces. */
const CONNECTION_STATES = /^[ \t]*(?:keep-alive|close)[ \t]*$/i;

/** The field names listed in `Connection` (RFC 9110 §7.6.1): also hop-by-hop for this message. */
export function connectionOptions(value: string | string[] | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const joined = Array.isArray(value) ? value.join(',') : value;
  // Nearly every message says only `keep-alive` or `close`: nothing to allocate for them.
  if (CONNECTION_STATES.test(joined)) return undefined;
  let names: Set<string> | undefined;
  for (const token of joined.split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '' && name !== 'close' && name !== 'keep-alive') (names ??= new Set()).add(name);
  }
  return names;
}

/**
 * The end-to-end headers of an upstream response, from undici's raw `[name, value, …]` buffers
 * to a flat list for `writeHead`: hop-by-hop fields and the fields its `Connection` header
 * names are dropped, and so are the fields in `dropped` (headers styx sets itself) and, when
 * `dropCors`, the `access-control-*` fields (styx answers CORS itself on rules that have `cors`,
 * so that there is one source of truth). Values are bytes on the wire: latin1 both ways.
 */
export function endToEndResponseHeaders(
  raw: readonly Buffer[],
  dropped: ReadonlySet<string>,
  dropCors: boolean,
): string[] {
  const out: string[] = [];
  let connection: string | undefined;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    // undici's lookup answers the well-known names as interned lower-case strings, without a copy.
    const lower = headerNameToString(raw[index] as Buffer);
    if (lower === 'connection') connection = (raw[index + 1] as Buffer).toString('latin1');
    if (HOP_BY_HOP_HEADERS.has(lower) || dropped.has(lower)) continue;
    if (dropCors && lower.startsWith('access-control-')) continue;
    out.push(lower, (raw[index + 1] as Buffer).toString('latin1'));
  }
  const named = connectionOptions(connection);
  if (named === undefined) return out;
  const kept: string[] = [];
  for (let index = 0; index < out.length; index += 2) {
    if (!named.has(out[index] as string)) kept.push(out[index] as string, out[index + 1] as string);
  }
  return kept;
}
