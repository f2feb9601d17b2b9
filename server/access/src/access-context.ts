/** Everything the handlers of access work with, built once per app from the config and its dependencies. */
import type { Logger } from 'pino';
import type { Database } from '@tidepool/kit';
import type { ProfileNameSource } from '@tidepool/service-runtime';
import type { Config } from './config.js';
import type { AccessSchema } from './db/schema.js';
import type { GrantStore } from './store/grant-store.js';
import type { InvitationRateLimit } from './store/invitation-rate-limit.js';
import type { InvitationStore } from './store/invitation-store.js';
import type { UserDirectory } from './users/user-directory.js';

/** What handlers use. */
export interface AccessContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: Database<AccessSchema>;
  readonly grants: GrantStore;
  readonly invitations: InvitationStore;
  readonly invitationRateLimit: InvitationRateLimit;
  readonly users: UserDirectory;
  readonly profileNames: ProfileNameSource;
  /** The clock: invitation times and expiry. */
  readonly now: () => Date;
}
