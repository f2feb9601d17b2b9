/** The headers styx sends upstream: the client's end-to-end headers plus `X-Forwarded-*` and `X-Request-Id`. */
import type { IncomingMessage } from 'node:http';
import { REQUEST_ID_HEADER } from '@tidepool/spec';
import { HOP_BY_HOP_HEADERS, connectionOptions } from './hop-by-hop.js';

/**
 * Headers a client must not choose, because the services trust them from styx: styx sets
 * them itself (`x-forwarded-*`, `x-request-id`), or they would let a client claim another
 * address (`forwarded`, `x-real-ip`). `host` is the upstream's own (the client's goes in
 * `X-Forwarded-Host`); `expect` is handled by styx's server, which answers `100 Continue`.
 */
const REPLACED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'expect',
  'forwarded',
  'x-real-ip',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-prefix',
  REQUEST_ID_HEADER,
]);

export interface ForwardingFacts {
  readonly requestId: string;
  /** The prefix styx removed from the path, sent as `X-Forwarded-Prefix`; `undefined` when kept. */
  readonly strippedPrefix: string | undefined;
  /**
   * Whether `X-Forwarded-For/-Proto/-Host` from the client are believed: only when a proxy
   * of the operator (a TLS terminator) stands in front of styx and sets them.
   */
  readonly trustForwarded: boolean;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The upstream request headers as a flat `[name, value, …]` list, in the client's order:
 * hop-by-hop fields and those named in `Connection` removed (RFC 9110 §7.6.1),
 * `X-Forwarded-For` the client's address (appended to a trusted proxy's list), `X-Forwarded-Proto`, `-Host` and
 * `-Prefix` set, and the request id in `X-Request-Id`.
 */
export function upstreamRequestHeaders(request: IncomingMessage, facts: ForwardingFacts): string[] {
  const raw = request.rawHeaders;
  const named = connectionOptions(request.headers.connection);
  const headers: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower) || REPLACED_HEADERS.has(lower) || named?.has(lower) === true) continue;
    headers.push(name, raw[index + 1] as string);
  }
  const incoming = request.headers;
  const address = request.socket.remoteAddress ?? 'unknown';
  // X-Forwarded-For is a list each proxy appends to. Only a trusted proxy's list is kept: a
  // client's own entries are dropped, so that a client on an address the services count as
  // internal (loopback, a private network) cannot name another address and escape the
  // per-address login throttle.
  const prior = facts.trustForwarded ? incoming['x-forwarded-for'] : undefined;
  const priorFor = Array.isArray(prior) ? prior.join(', ') : prior;
  headers.push('x-forwarded-for', priorFor === undefined ? address : `${priorFor}, ${address}`);
  const encrypted = 'encrypted' in request.socket && request.socket.encrypted === true;
  const proto =
    (facts.trustForwarded && firstValue(incoming['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  const host = (facts.trustForwarded && firstValue(incoming['x-forwarded-host'])) || incoming.host;
  headers.push('x-forwarded-proto', proto);
  if (host !== undefined) headers.push('x-forwarded-host', host);
  if (facts.strippedPrefix !== undefined) headers.push('x-forwarded-prefix', facts.strippedPrefix);
  headers.push(REQUEST_ID_HEADER, facts.requestId);
  return headers;
}
