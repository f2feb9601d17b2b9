/** CORS for a rule (Fetch standard, "CORS protocol"): styx answers preflights itself and adds the headers to answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@tidepool/spec';
import {
  CORS_REQUIRED_ALLOWED_HEADERS,
  CORS_REQUIRED_EXPOSED_HEADERS,
  type CorsRule,
} from '../rules/rules-schema.js';

export interface CorsPolicy {
  /** A preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`. */
  isPreflight(request: IncomingMessage): boolean;
  /** The CORS headers for an answer to a request from `origin` (none when the origin is not allowed). */
  answerHeaders(origin: string | undefined): Readonly<Record<string, string>>;
  /** Answers a preflight: 204 with what is allowed, or `false` when the origin is not allowed. */
  answerPreflight(request: IncomingMessage, response: ServerResponse, requestId: string): boolean;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Compiles a rule's `cors` once, so that each request only looks up its origin.
 *
 * @example const cors = createCorsPolicy({ allowedOrigins: ['https://app.example.org'], ... });
 */
export function createCorsPolicy(rule: CorsRule): CorsPolicy {
  const anyOrigin = rule.allowedOrigins.includes('*');
  const origins = new Set(rule.allowedOrigins);
  const exposed = unique([...CORS_REQUIRED_EXPOSED_HEADERS, ...rule.exposedHeaders]).join(', ');
  const allowedHeaders = unique([...CORS_REQUIRED_ALLOWED_HEADERS, ...rule.allowedHeaders]).join(', ');
  const allowedMethods = rule.allowedMethods.join(', ');
  const noOrigin: Readonly<Record<string, string>> = anyOrigin ? {} : { vary: 'Origin' };

  function allowed(origin: string | undefined): origin is string {
    return origin !== undefined && (anyOrigin || origins.has(origin.toLowerCase()));
  }

  function allowOrigin(origin: string): Record<string, string> {
    // With credentials the origin must be echoed, never `*`; echoing makes the answer vary by Origin.
    const headers: Record<string, string> =
      anyOrigin && !rule.allowCredentials
        ? { 'access-control-allow-origin': '*' }
        : { 'access-control-allow-origin': origin, vary: 'Origin' };
    if (rule.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    return headers;
  }

  return {
    isPreflight(request) {
      return (
        request.method === 'OPTIONS' &&
        request.headers.origin !== undefined &&
        request.headers['access-control-request-method'] !== undefined
      );
    },
    answerHeaders(origin) {
      if (!allowed(origin)) return noOrigin;
      return { ...allowOrigin(origin), 'access-control-expose-headers': exposed };
    },
    answerPreflight(request, response, requestId) {
      const origin = request.headers.origin;
      if (!allowed(origin)) return false;
      const headers = allowOrigin(origin);
      response.writeHead(204, {
        ...headers,
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        'access-control-allow-methods': allowedMethods,
        'access-control-allow-headers': allowedHeaders,
        'access-control-max-age': String(rule.maxAgeSeconds),
        [REQUEST_ID_HEADER]: requestId,
      });
      response.end();
      return true;
    },
  };
}
