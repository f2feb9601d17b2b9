/** Which of an account's addresses prove their mailbox, so that invitations to them may be shown to it. */
import type { User } from '@tidepool/spec';

/**
 * The addresses of an account whose invitations the account may see and accept. Anyone can
 * sign up with someone else's address, so an address counts only once it is verified: reading
 * the mailed link proves the mailbox.
 *
 * user-api answers one `emailVerified` flag per account (true when any address is verified),
 * not one per address. An account with a verified address may add another, unverified one and
 * keep the flag, so with several addresses the flag proves none of them in particular: such an
 * account sees no invitation until user-api tells which addresses are verified.
 *
 * @example provenAddresses({ emails: ['ann@example.org'], emailVerified: true, … }) // ['ann@example.org']
 */
export function provenAddresses(account: Pick<User, 'emails' | 'emailVerified'>): readonly string[] {
  if (!account.emailVerified) return [];
  return account.emails.length === 1 ? account.emails : [];
}
