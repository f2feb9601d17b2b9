/** Building blocks for the error responses of a route: every error status answers a problem. */
import { z } from 'zod';
import { ProblemSchema } from './problem.js';

/** The error statuses a route of the platform may declare. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 429 | 500 | 502 | 503 | 504;

/** What each error status means when a route has nothing more specific to say. */
export const ERROR_STATUS_DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'The request is malformed or fails validation; `errors` names each invalid field.',
  401: 'No valid credentials: the session token is missing, invalid or expired.',
  403: 'The caller is known but may not do this.',
  404: 'There is no such resource, or the caller may not know that it exists.',
  405: 'The method is not allowed on this path.',
  409: 'The request conflicts with the current state.',
  410: 'The resource is gone.',
  413: 'The request body is too large.',
  415: 'The request body is not `application/json`.',
  429: 'Too many requests: wait for `Retry-After` seconds.',
  500: 'The server failed; quote `requestId` when asking for help.',
  502: 'The router could not reach the service.',
  503: 'The service is unavailable, for example draining or with no instance.',
  504: 'The service did not answer in time.',
};

/** A problem-details response with a route-specific description. */
export function problem(description: string): typeof ProblemSchema {
  return ProblemSchema.describe(description);
}

/**
 * Problem-details responses for the given statuses, each with its standard description.
 *
 * @example responses: { 200: UserSchema, ...problemResponses(401, 403), 404: problem('No such user.') }
 */
export function problemResponses<const S extends ErrorStatus>(
  ...statuses: readonly S[]
): Record<S, typeof ProblemSchema> {
  const responses: Partial<Record<S, typeof ProblemSchema>> = {};
  for (const status of statuses) responses[status] = problem(ERROR_STATUS_DESCRIPTIONS[status]);
  return responses as Record<S, typeof ProblemSchema>;
}

/** Whether a declared response is a problem-details response (so it is served as `application/problem+json`). */
export function isProblemResponse(response: unknown): boolean {
  return response instanceof z.ZodObject && response.shape === ProblemSchema.shape;
}
