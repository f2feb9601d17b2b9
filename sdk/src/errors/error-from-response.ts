/** Turns a failed HTTP answer into the right {@link TidepoolError} subclass, problem body or not. */
import {
  FieldErrorSchema,
  PROBLEM_CODES,
  PROBLEM_STATUS,
  REQUEST_ID_HEADER,
  ProblemCodeSchema,
  ProblemSchema,
} from '@tidepool/spec';
import type { FieldError, ProblemCode } from '@tidepool/spec';
import { retryAfterSeconds } from '../transport/retry-after.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TidepoolError,
  UnauthorizedError,
} from './tidepool-error.js';
import type { TidepoolErrorInit } from './tidepool-error.js';

/** One non-2xx answer, its body already read (parsed JSON, text, or undefined when empty). */
export interface FailedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * The typed error for a non-2xx answer. A problem-details body (RFC 9457) gives code, message,
 * request id and field errors; any other body (an HTML page from a proxy, a legacy Tidepool
 * `{code, reason}` object) still gives the class and code that its status implies.
 */
export function errorFromResponse(response: FailedResponse, now: number = Date.now()): TidepoolError {
  const { status, headers, body } = response;
  const parsed = ProblemSchema.safeParse(body);
  const problem = parsed.success ? parsed.data : undefined;
  const fields = isRecord(body) ? body : {};
  const code = ProblemCodeSchema.safeParse(fields.code);
  const init: TidepoolErrorInit = {
    status,
    code: code.success ? code.data : codeForStatus(status),
    message: messageOf(fields, response),
    requestId: stringField(fields, 'requestId') ?? headers.get(REQUEST_ID_HEADER) ?? undefined,
    problem,
    body,
    headers,
  };
  if (status === 401) return new UnauthorizedError(init);
  if (status === 403) return new ForbiddenError(init);
  if (status === 404 || status === 410) return new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 429) {
    return new RateLimitedError({
      ...init,
      retryAfterSeconds: retryAfterSeconds(headers.get('retry-after'), now),
    });
  }
  if (status >= 400 && status < 500) return new BadRequestError({ ...init, errors: fieldErrorsOf(fields) });
  if (status >= 500 && status < 600) return new ServerError(init);
  return new TidepoolError({ ...init, code: 'UNEXPECTED_RESPONSE' });
}

/** The problem code the platform uses for a status, for bodies that carry none. */
function codeForStatus(status: number): ProblemCode {
  const exact = PROBLEM_CODES.find((code) => PROBLEM_STATUS[code] === status);
  if (exact !== undefined) return exact;
  return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
}

function messageOf(fields: Record<string, unknown>, response: FailedResponse): string {
  const fromBody =
    stringField(fields, 'detail') ??
    stringField(fields, 'title') ??
    stringField(fields, 'reason') ??
    stringField(fields, 'message');
  if (fromBody !== undefined) return fromBody;
  const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
  return `HTTP ${response.status}${statusText}`;
}

/**
 * Field errors read one by one, so that a problem whose code this SDK does not know yet (a newer
 * server) still names its invalid fields.
 */
function fieldErrorsOf(fields: Record<string, unknown>): FieldError[] {
  if (!Array.isArray(fields.errors)) return [];
  return fields.errors.flatMap((error: unknown) => {
    const parsed = FieldErrorSchema.safeParse(error);
    return parsed.success ? [parsed.data] : [];
  });
}

function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
