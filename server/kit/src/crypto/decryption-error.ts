/** The one error of opening an envelope, with a closed set of reasons. */

/** Why an envelope could not be opened. */
export const DECRYPTION_FAILURE_REASONS = [
  'truncated',
  'unsupported-format',
  'unknown-key-version',
  'authentication-failed',
  'invalid-json',
] as const;
export type DecryptionFailureReason = (typeof DECRYPTION_FAILURE_REASONS)[number];

const MESSAGES: Readonly<Record<DecryptionFailureReason, string>> = {
  truncated: 'The envelope is too short to hold its header, nonce and authentication tag.',
  'unsupported-format': 'The envelope is in a format version this build does not read.',
  'unknown-key-version': 'The envelope names a key version that the deploy salt does not have.',
  'authentication-failed':
    'The envelope failed authentication: a different key or record (storage name, record id), or altered bytes.',
  'invalid-json': 'The envelope opened, but its plaintext is not JSON.',
};

/**
 * An envelope could not be opened. Callers switch over `reason`; the message never contains
 * key material or plaintext, so it is safe to log.
 */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';

  constructor(
    readonly reason: DecryptionFailureReason,
    /** Safe context such as a version number; never secrets or plaintext. */
    detail?: string,
  ) {
    super(detail === undefined ? MESSAGES[reason] : `${MESSAGES[reason]} ${detail}`);
  }
}
