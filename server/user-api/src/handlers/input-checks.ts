/** Checks of request fields beyond the contract's schemas: the password policy and repeated addresses. */
import { validationFailed } from '@tidepool/kit';
import type { FieldError } from '@tidepool/spec';
import { identifierKey } from '../accounts/identifiers.js';
import { passwordFieldError } from '../passwords/password-policy.js';

/** What to check; each entry names its path in the body, for the problem's `errors`. */
export interface InputChecks {
  readonly password?: { readonly value: string; readonly path: string };
  readonly emails?: { readonly value: readonly string[]; readonly path: string };
}

/** An address listed twice (in any case) is an error of its second appearance. */
function repeatedEmailErrors(addresses: readonly string[], path: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  addresses.forEach((address, index) => {
    const key = identifierKey(address);
    if (seen.has(key)) {
      errors.push({ location: 'body', path: `${path}.${index}`, message: 'This address is listed twice.' });
    }
    seen.add(key);
  });
  return errors;
}

/**
 * Throws a 400 validation problem naming every field that fails, or returns.
 *
 * @example assertAcceptableInput({ password: { value: body.password, path: 'password' } });
 */
export function assertAcceptableInput(checks: InputChecks): void {
  const errors: FieldError[] = [];
  if (checks.password !== undefined) {
    const error = passwordFieldError(checks.password.value, checks.password.path);
    if (error !== undefined) errors.push(error);
  }
  if (checks.emails !== undefined)
    errors.push(...repeatedEmailErrors(checks.emails.value, checks.emails.path));
  if (errors.length > 0) throw validationFailed(errors, 'The request failed validation.');
}
