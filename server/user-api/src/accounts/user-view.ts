/** An account as the API shows it (spec `UserSchema`): login fields only, never the hash or the pair. */
import type { User } from '@tidepool/spec';
import type { AccountRecord } from './account-store.js';

/** The Tidepool user shape of an account: `emailVerified` when any of its addresses is verified. */
export function toUser(account: AccountRecord): User {
  return {
    userid: account.userid,
    ...(account.username === null ? {} : { username: account.username }),
    emails: account.emails.map((email) => email.address),
    emailVerified: account.emails.some((email) => email.verified),
    createdTime: account.createdTime.toISOString(),
  };
}
