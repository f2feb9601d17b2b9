/** Turns ts-rest's request validation failures into one `VALIDATION_FAILED` problem. */
import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';
import { RequestValidationError } from '@ts-rest/express';
import { fieldErrorsFromZodError, type FieldError } from '@tidepool/spec';
import type { ProblemError } from './problem-error.js';
import { validationFailed } from './problems.js';

function fieldErrors(location: FieldError['location'], error: ZodError | null): FieldError[] {
  if (error === null) return [];
  // The spec's reading of zod issues names each unknown key and the failing branch of a union.
  return fieldErrorsFromZodError(location, error);
}

/**
 * The problem for a request that failed the contract's schemas: every invalid field of
 * every part, so a client can fix them all at once.
 */
export function problemFromRequestValidation(error: RequestValidationError): ProblemError {
  return validationFailed([
    ...fieldErrors('params', error.pathParams),
    ...fieldErrors('headers', error.headers),
    ...fieldErrors('query', error.query),
    ...fieldErrors('body', error.body),
  ]);
}

/** ts-rest's `requestValidationErrorHandler` option: hands the problem to the error handler. */
export function handleRequestValidationError(
  error: RequestValidationError,
  _request: Request,
  _response: Response,
  next: NextFunction,
): void {
  next(problemFromRequestValidation(error));
}

export { RequestValidationError };
