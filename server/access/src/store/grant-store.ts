/**
 * Permissions one user holds on another's data, stored as DESIGN.md §6 says: rows under keys
 * made from the user ids, the ids and permissions sealed. Written under the newest salt version,
 * looked up under every version, and rewritten under the newest whenever they change.
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database, RecordCipher, SaltRing } from '@tidepool/kit';
import type { Permissions, PermissionsByUser } from '@tidepool/spec';
import { grants, type AccessSchema } from '../db/schema.js';
import { userKey, userKeys } from '../keys/lookup-keys.js';
import { grantAssociatedData, openSealed, SealedGrantSchema, type SealedGrant } from './sealed-records.js';

type GrantRow = typeof grants.$inferSelect;
type AccessDatabase = Database<AccessSchema>;

export interface GrantStore {
  /** What `userid` may do with the data of `groupid`; `{}` when nothing is granted. Never `root`. */
  permissionsOf(groupid: string, userid: string, db?: AccessDatabase): Promise<Permissions>;
  /** Everyone holding permissions on the data of `groupid`, by user id. */
  granteesOf(groupid: string): Promise<PermissionsByUser>;
  /** Everyone whose data `userid` holds permissions on, by user id. */
  groupsOf(userid: string): Promise<PermissionsByUser>;
  /** Replaces what `userid` may do with the data of `groupid`; `{}` removes the grant. Answers what is now held. */
  replace(
    groupid: string,
    userid: string,
    permissions: Permissions,
    db?: AccessDatabase,
  ): Promise<Permissions>;
  /** Adds `offered` to what is already granted (accepting an invitation). Answers what is now held. */
  merge(groupid: string, userid: string, offered: Permissions, db?: AccessDatabase): Promise<Permissions>;
  /** Removes every grant to or from the user (erasure). */
  eraseUser(userid: string): Promise<void>;
}

/** Permissions without `root`, which is implied for oneself and never stored. */
function storable(permissions: Permissions): Permissions {
  const { root: _root, ...granted } = permissions;
  return granted;
}

/** Creates the store over the permissions database. */
export function createGrantStore(database: AccessDatabase, ring: SaltRing, cipher: RecordCipher): GrantStore {
  function open(row: GrantRow): SealedGrant {
    return openSealed(
      cipher,
      row.envelope,
      grantAssociatedData(row.groupKey, row.granteeKey),
      SealedGrantSchema,
      'permission',
    );
  }

  /** The rows of one (group, grantee) pair under every salt version, newest first. */
  function pairCondition(groupid: string, userid: string): SQL {
    const conditions = ring.versions.map((version) =>
      and(
        eq(grants.keyVersion, version),
        eq(grants.groupKey, userKey(ring, groupid, version)),
        eq(grants.granteeKey, userKey(ring, userid, version)),
      ),
    );
    return or(...conditions) ?? sql`false`;
  }

  /** The grants by the group or the grantee column, under every version, keyed by the other user. */
  async function listBy(column: 'groupKey' | 'granteeKey', userid: string): Promise<PermissionsByUser> {
    const keys = userKeys(ring, userid);
    const rows = await database
      .select()
      .from(grants)
      .where(
        inArray(
          grants[column],
          keys.map(({ key }) => key),
        ),
      );
    const result: PermissionsByUser = {};
    // Newest version first, so that a pair left under two versions shows its newest row.
    for (const row of rows.sort((left, right) => right.keyVersion - left.keyVersion)) {
      if (!keys.some(({ version, key }) => version === row.keyVersion && key === row[column])) continue;
      const grant = open(row);
      const [own, other] =
        column === 'groupKey' ? [grant.groupid, grant.userid] : [grant.userid, grant.groupid];
      if (own !== userid) continue;
      result[other] ??= grant.permissions;
    }
    return result;
  }

  async function permissionsOf(groupid: string, userid: string, db: AccessDatabase = database) {
    const rows = await db.select().from(grants).where(pairCondition(groupid, userid));
    const [newest] = rows.sort((left, right) => right.keyVersion - left.keyVersion);
    if (newest === undefined) return {};
    const grant = open(newest);
    return grant.groupid === groupid && grant.userid === userid ? grant.permissions : {};
  }

  /** Writes the pair under the newest version only, deleting its rows under every version first. */
  async function write(db: AccessDatabase, groupid: string, userid: string, permissions: Permissions) {
    const groupKey = userKey(ring, groupid);
    const granteeKey = userKey(ring, userid);
    await db.delete(grants).where(pairCondition(groupid, userid));
    if (Object.keys(permissions).length === 0) return;
    const envelope = cipher.sealJson(
      { groupid, userid, permissions } satisfies SealedGrant,
      grantAssociatedData(groupKey, granteeKey),
    );
    await db.insert(grants).values({ groupKey, granteeKey, keyVersion: ring.current.version, envelope });
  }

  /** Serializes changes of one pair across instances (a transaction-scoped advisory lock on PostgreSQL). */
  async function lockPair(db: AccessDatabase, groupid: string, userid: string) {
    const name = `access:grant:${userKey(ring, groupid)}:${userKey(ring, userid)}`;
    await db.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
  }

  async function change(
    groupid: string,
    userid: string,
    db: AccessDatabase | undefined,
    next: (current: Permissions) => Permissions,
  ): Promise<Permissions> {
    const run = async (transaction: AccessDatabase) => {
      await lockPair(transaction, groupid, userid);
      const permissions = storable(next(await permissionsOf(groupid, userid, transaction)));
      await write(transaction, groupid, userid, permissions);
      return permissions;
    };
    return db === undefined ? database.transaction(run) : run(db);
  }

  return {
    permissionsOf,
    granteesOf: (groupid) => listBy('groupKey', groupid),
    groupsOf: (userid) => listBy('granteeKey', userid),
    replace: (groupid, userid, permissions, db) => change(groupid, userid, db, () => permissions),
    merge: (groupid, userid, offered, db) =>
      change(groupid, userid, db, (current) => ({ ...current, ...offered })),
    async eraseUser(userid) {
      const keys = userKeys(ring, userid).map(({ key }) => key);
      await database
        .delete(grants)
        .where(or(inArray(grants.groupKey, keys), inArray(grants.granteeKey, keys)));
    },
  };
}
