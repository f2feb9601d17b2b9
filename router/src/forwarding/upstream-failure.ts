/** What went wrong with an attempt, and what that allows: a retry elsewhere, and which answer to give. */
import type { ProblemCode } from '@tidepool/spec';
import { BodyTooLargeError } from './request-body.js';

/** Thrown into an attempt when the client went away: nobody is left to answer. */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';

  constructor() {
    super('The client closed the connection before the answer was complete.');
  }
}

/**
 * - `refused`: no connection could be made; nothing reached the instance.
 * - `connect-timeout`: the connection was not made in time; nothing reached the instance.
 * - `timeout`: the instance took too long to answer, or went quiet in the middle of an answer.
 * - `reset`: the connection broke after the request may have reached the instance.
 * - `too-large`: the client's body passed the limit.
 * - `client-closed`: the client went away.
 * - `invalid`: the request could not be sent as it was (a header undici refuses).
 */
export type FailureKind =
  'refused' | 'connect-timeout' | 'timeout' | 'reset' | 'too-large' | 'client-closed' | 'invalid';

/** Errors raised while connecting, before a byte of the request was written (`connect(2)`, DNS, a closed pool). */
const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CLOSED',
]);

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function classifyFailure(error: Error): FailureKind {
  if (error instanceof BodyTooLargeError) return 'too-large';
  if (error instanceof ClientClosedError) return 'client-closed';
  const code = codeOf(error);
  if (code === undefined) return 'reset';
  if (NOT_CONNECTED_CODES.has(code)) return 'refused';
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect-timeout';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout';
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_NOT_SUPPORTED':
      return 'invalid';
    default:
      return 'reset';
  }
}

/** Whether the request never reached the instance, so any method may be sent elsewhere. */
export function neverReached(kind: FailureKind): boolean {
  return kind === 'refused' || kind === 'connect-timeout';
}

/** Whether the failure says something about the instance's health (passive health checks). */
export function countsAgainstInstance(kind: FailureKind): boolean {
  return kind === 'refused' || kind === 'connect-timeout' || kind === 'timeout' || kind === 'reset';
}

/** The answer when the last attempt failed this way, with a detail that says why. */
export function failureAnswer(kind: FailureKind, target: string): { code: ProblemCode; detail: string } {
  switch (kind) {
    case 'refused':
      return { code: 'BAD_GATEWAY', detail: `No instance of ${target} accepted the connection.` };
    case 'connect-timeout':
      return { code: 'GATEWAY_TIMEOUT', detail: `No instance of ${target} could be reached in time.` };
    case 'timeout':
      return { code: 'GATEWAY_TIMEOUT', detail: `${target} did not answer in time.` };
    case 'reset':
      return { code: 'BAD_GATEWAY', detail: `The connection to ${target} broke before it answered.` };
    case 'too-large':
      return { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than this route accepts.' };
    case 'client-closed':
      return { code: 'BAD_REQUEST', detail: 'The client closed the connection.' };
    case 'invalid':
      return { code: 'BAD_REQUEST', detail: 'The request cannot be forwarded as it is.' };
  }
}
