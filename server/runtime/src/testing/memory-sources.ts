/** In-memory stand-ins for access and metadata, for HTTP tests of one service alone. */
import { createPair, notFound, type Pair } from '@tidepool/kit';
import type { PairName, Permissions } from '@tidepool/spec';
import type { PermissionSource, PrivatePairSource, ProfileNameSource } from '../platform-sources.js';

/** A permission source over a mutable table; oneself is always root. */
export interface MemoryPermissions extends PermissionSource {
  /** Replaces what `userid` may do with the data of `groupid`; `{}` removes it. */
  grant(groupid: string, userid: string, permissions: Permissions): void;
}

/**
 * @example
 * const permissions = memoryPermissions();
 * permissions.grant(patient, clinician, { view: {} });
 */
export function memoryPermissions(): MemoryPermissions {
  const grants = new Map<string, Permissions>();
  return {
    grant(groupid, userid, permissions) {
      if (Object.keys(permissions).length === 0) grants.delete(`${groupid}/${userid}`);
      else grants.set(`${groupid}/${userid}`, permissions);
    },
    permissionsOf(groupid, userid) {
      if (groupid === userid) return Promise.resolve({ root: {} });
      return Promise.resolve(grants.get(`${groupid}/${userid}`) ?? {});
    },
  };
}

/** A pair source that creates each pair on first request, as metadata does, for the given users only. */
export interface MemoryPairs extends PrivatePairSource {
  /** Makes `userid` known (an account exists). */
  addUser(userid: string): void;
  /** Forgets the user and their pairs, as erasure does. */
  removeUser(userid: string): void;
}

export function memoryPairs(userids: readonly string[] = []): MemoryPairs {
  const users = new Map<string, Map<PairName, Pair>>(userids.map((userid) => [userid, new Map()]));
  return {
    addUser(userid) {
      if (!users.has(userid)) users.set(userid, new Map());
    },
    removeUser(userid) {
      users.delete(userid);
    },
    pairOf(userid, name) {
      const pairs = users.get(userid);
      if (pairs === undefined) return Promise.reject(notFound('No account has this user id.'));
      let pair = pairs.get(name);
      if (pair === undefined) {
        pair = createPair();
        pairs.set(name, pair);
      }
      return Promise.resolve(pair);
    },
  };
}

/** Names by user id. */
export function staticProfileNames(names: Readonly<Record<string, string>>): ProfileNameSource {
  return { fullNameOf: (userid) => Promise.resolve(names[userid]) };
}
