/** What a service asks of the others about a user: permissions (access), private pairs and names (metadata). */
import type { Pair } from '@tidepool/kit';
import type { PairName, Permissions } from '@tidepool/spec';

/** The permissions one user holds on another's data (DESIGN.md §9), from access. */
export interface PermissionSource {
  /**
   * What `userid` may do with the data of `groupid`: `{root: {}}` when they are the same
   * user, `{}` when access knows no grant.
   */
  permissionsOf(groupid: string, userid: string): Promise<Permissions>;
}

/** The private pairs of a user (DESIGN.md §6), from metadata; held in memory briefly, never logged. */
export interface PrivatePairSource {
  /** The pair of one portion of the user's data; rejects with a 404 ProblemError when no account has the id. */
  pairOf(userid: string, name: PairName): Promise<Pair>;
}

/** The names in users' profiles, from metadata (message-api shows authors, access names sharers). */
export interface ProfileNameSource {
  /** The user's `profile.fullName`, or undefined when they have no profile or no name. */
  fullNameOf(userid: string): Promise<string | undefined>;
}
