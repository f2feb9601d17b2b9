/** HTTP Basic credentials (RFC 7617), as the login route receives them (DESIGN.md §9). */
import type { IncomingHttpHeaders } from 'node:http';

export interface BasicCredentials {
  readonly identifier: string;
  readonly password: string;
}

/**
 * The identifier and password of an `Authorization: Basic` header, or undefined when the
 * header is missing or malformed. The user-id may not contain a colon; the password may
 * (RFC 7617 §2).
 *
 * @example parseBasicCredentials(request.headers) // { identifier: 'ann@example.org', password: '…' }
 */
export function parseBasicCredentials(headers: IncomingHttpHeaders): BasicCredentials | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(headers.authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { identifier: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
