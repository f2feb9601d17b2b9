/** RFC 9457 problem details: the one error shape of every route of the platform (DESIGN.md §3). */
import { z } from 'zod';

/**
 * Stable, machine-readable error codes. The set is closed: a client can switch over it
 * exhaustively, and the server maps each code to exactly one HTTP status.
 */
export const PROBLEM_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'GONE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
  'INTERNAL',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
] as const;

export const ProblemCodeSchema = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof ProblemCodeSchema>;

/** The HTTP status of each problem code; one table for the server, the SDK and styx. */
export const PROBLEM_STATUS: Readonly<Record<ProblemCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
};

/** One invalid field of a request: where it is (`body.emails.0`, `query.startDate`) and why. */
export const FieldErrorSchema = z
  .object({
    location: z.enum(['body', 'query', 'params', 'headers']),
    path: z
      .string()
      .describe('Dotted path of the field inside its location, for example `emails.0` or `2.value`.'),
    message: z.string(),
  })
  .describe('One invalid field of a request.');
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem; `about:blank` when the status says it all.'),
    title: z.string().describe('A short summary of the kind of problem, the same for every occurrence.'),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional().describe('What went wrong this time, for a person to read.'),
    instance: z.string().optional().describe('The path of the request that failed.'),
    code: ProblemCodeSchema,
    requestId: z.string().describe('The `X-Request-Id` of the request: quote it when asking for help.'),
    errors: z.array(FieldErrorSchema).optional().describe('Each invalid field, for validation failures.'),
  })
  .passthrough()
  .describe('RFC 9457 problem details, served as `application/problem+json`.');
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
