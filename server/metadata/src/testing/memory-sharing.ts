/** An in-memory access for tests: permissions (`PermissionSource`) and the sharing lists (`SharingSource`) over one table. */
import type { PermissionSource } from '@tidepool/service-runtime';
import type { Permissions, PermissionsByUser } from '@tidepool/spec';
import type { SharingSource } from '../platform/sharing-source.js';

/** Both sources over one mutable table; oneself is always root, as access answers. */
export interface MemorySharing extends PermissionSource, SharingSource {
  /** Replaces what `userid` may do with the data of `groupid`; `{}` removes it. */
  grant(groupid: string, userid: string, permissions: Permissions): void;
}

/**
 * @example
 * const sharing = memorySharing();
 * sharing.grant(patient, clinician, { view: {} });
 * startMetadataFixture(backend, { ..., permissions: sharing, sharing });
 */
export function memorySharing(): MemorySharing {
  const grants = new Map<string, Map<string, Permissions>>();
  const entries = () =>
    [...grants].flatMap(([groupid, grantees]) =>
      [...grantees].map(([userid, permissions]) => ({ groupid, userid, permissions })),
    );
  return {
    grant(groupid, userid, permissions) {
      const grantees = grants.get(groupid) ?? new Map<string, Permissions>();
      if (Object.keys(permissions).length === 0) grantees.delete(userid);
      else grantees.set(userid, permissions);
      grants.set(groupid, grantees);
    },
    permissionsOf(groupid, userid) {
      if (groupid === userid) return Promise.resolve({ root: {} });
      return Promise.resolve(grants.get(groupid)?.get(userid) ?? {});
    },
    sharersOf(userid) {
      const sharers: PermissionsByUser = { [userid]: { root: {} } };
      for (const entry of entries()) if (entry.userid === userid) sharers[entry.groupid] = entry.permissions;
      return Promise.resolve(sharers);
    },
    granteesOf(userid) {
      const grantees: PermissionsByUser = { [userid]: { root: {} } };
      for (const [grantee, permissions] of grants.get(userid) ?? []) grantees[grantee] = permissions;
      return Promise.resolve(grantees);
    },
  };
}
