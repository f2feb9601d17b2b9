/** Turning a zod validation error into the `errors` of a problem: one entry per invalid field, with a dotted path. */
import type { z } from 'zod';
import type { FieldError } from './problem.js';

type Location = FieldError['location'];

/**
 * The invalid fields of a request part. Two zod habits are undone so that each entry names
 * the field a person must fix:
 * - an unknown field of a strict object is one issue on the object listing the keys; here it
 *   is one entry per key, at the key's path;
 * - a failed union (one datum or an array of data) is one issue with every branch's errors;
 *   here the branches that failed on the value's type are dropped, so an array body reports
 *   `3.value` rather than "invalid input".
 *
 * @example fieldErrorsFromZodError('body', result.error) // [{ location: 'body', path: '3.value', message: '…' }]
 */
export function fieldErrorsFromZodError(location: Location, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => issueFieldErrors(location, issue));
}

function issueFieldErrors(location: Location, issue: z.ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      location,
      path: dottedPath([...issue.path, key]),
      message: 'Unknown field.',
    }));
  }
  if (issue.code === 'invalid_union') {
    const branch = issue.unionErrors.find((branchError) => !failedOnType(branchError, issue.path));
    if (branch !== undefined) return fieldErrorsFromZodError(location, branch);
  }
  return [{ location, path: dottedPath(issue.path), message: issue.message }];
}

/** Whether a union branch failed because the value itself had the wrong type (not a field inside it). */
function failedOnType(branchError: z.ZodError, unionPath: readonly (string | number)[]): boolean {
  return branchError.issues.some(
    (issue) =>
      (issue.code === 'invalid_type' || issue.code === 'invalid_literal') &&
      dottedPath(issue.path) === dottedPath(unionPath),
  );
}

function dottedPath(path: readonly (string | number)[]): string {
  return path.join('.');
}
