/** What the app shows for a failed call: the problem's title and detail, and a message per form field. */
import {
  BadRequestError,
  ConnectionError,
  RateLimitedError,
  TidepoolError,
  TimeoutError,
} from '@tidepool/sdk';

/** A failure as the page shows it. */
export interface ProblemView {
  readonly title: string;
  readonly detail?: string;
  /** Messages by the name of the form field they belong to. */
  readonly fields: Readonly<Record<string, string>>;
  /** The request id to quote when asking for help, when the platform gave one. */
  readonly requestId?: string;
}

/**
 * How the fields a route reports (`emails.0`) map to the form's field names (`email`); a path
 * is tried whole, then without its trailing index, then as is.
 */
export type FieldNames = Readonly<Record<string, string>>;

function fieldName(path: string, names: FieldNames): string {
  return names[path] ?? names[path.replace(/\.\d+$/, '')] ?? path;
}

/**
 * Describes any error a call may throw. Problem details (RFC 9457) give the title, the
 * detail and the field errors; a call that got no answer says so in words a person can act on.
 *
 * @example
 * describeProblem(error, { 'emails.0': 'email' }) // { title: 'Validation failed', fields: { email: 'Invalid email' } }
 */
export function describeProblem(error: unknown, names: FieldNames = {}): ProblemView {
  if (error instanceof TimeoutError)
    return { title: 'The platform took too long to answer', detail: 'Please try again.', fields: {} };
  if (error instanceof ConnectionError) {
    return error.code === 'ABORTED'
      ? { title: 'Canceled', fields: {} }
      : { title: 'Could not reach the platform', detail: 'Check your connection and try again.', fields: {} };
  }
  if (error instanceof TidepoolError) {
    const fields: Record<string, string> = {};
    if (error instanceof BadRequestError) {
      for (const fieldError of error.errors) {
        const name = fieldName(fieldError.path, names);
        fields[name] ??= fieldError.message;
      }
    }
    const detail = error.problem?.detail ?? (error.problem === undefined ? error.message : undefined);
    const waitHint =
      error instanceof RateLimitedError && error.retryAfterSeconds !== undefined
        ? ` Try again in ${Math.ceil(error.retryAfterSeconds)} seconds.`
        : '';
    return {
      title: error.problem?.title ?? 'The request failed',
      ...(detail === undefined && waitHint === '' ? {} : { detail: `${detail ?? ''}${waitHint}`.trim() }),
      fields,
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
    fields: {},
  };
}
