/** The password policy (DESIGN.md §5, OWASP ASVS V2.1): length and a list of common passwords, no composition rules. */
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '@tidepool/spec';

/** ASVS 2.1.1: at least 8 characters (12 recommended, 8 required when a blocklist is checked). */
export const MINIMUM_PASSWORD_LENGTH = 8;
/** ASVS 2.1.2 asks that at least 64 be allowed; the cap keeps a hash request from being a denial of service. */
export const MAXIMUM_PASSWORD_LENGTH = 1024;
/** How many of the most common passwords are refused (ASVS 2.1.7). */
export const COMMON_PASSWORD_COUNT = 10_000;

/**
 * The most common passwords, most common first, from zxcvbn-ts's `passwords-common` list
 * (leaked-password frequency lists), compared in lower case so that `Password1` counts as
 * `password1`.
 */
const commonPasswords: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT).map((password) => password.toLowerCase()),
);

/** Length in code points (ASVS 2.1.1 counts characters, and an emoji is one). */
function characterCount(password: string): number {
  let count = 0;
  for (const _character of password) count += 1;
  return count;
}

/**
 * Why a new password is refused, or undefined when it is acceptable. Any characters are
 * allowed, spaces and emoji included (ASVS 2.1.4), and nothing is asked of its composition
 * (ASVS 2.1.9).
 *
 * @example passwordProblem('password1') // 'is one of the most common passwords'
 */
export function passwordProblem(password: string): string | undefined {
  const length = characterCount(password);
  if (length < MINIMUM_PASSWORD_LENGTH) return `has fewer than ${MINIMUM_PASSWORD_LENGTH} characters`;
  if (length > MAXIMUM_PASSWORD_LENGTH) return `has more than ${MAXIMUM_PASSWORD_LENGTH} characters`;
  if (commonPasswords.has(password.toLowerCase())) return 'is one of the most common passwords';
  return undefined;
}

/**
 * The field error for a refused password, in the shape of a validation problem, or undefined.
 *
 * @example const error = passwordFieldError(body.password, 'password'); if (error) throw validationFailed([error]);
 */
export function passwordFieldError(password: string, path: string): FieldError | undefined {
  const problem = passwordProblem(password);
  return problem === undefined ? undefined : { location: 'body', path, message: `The password ${problem}.` };
}
