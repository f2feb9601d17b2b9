/** Who may read and change whose metadata (DESIGN.md §9), checked before anything that could tell whether a user exists. */
import type { Request } from 'express';
import { forbidden, getCaller, notFound, type Pair, type TokenInfo } from '@tidepool/kit';
import { mayEditProfile, mayView, type PermissionSource } from '@tidepool/service-runtime';
import type { CollectionName, Permissions } from '@tidepool/spec';
import type { MetadataContext } from './handler-types.js';

/** Reading a collection, or changing it. */
export type CollectionAccess = 'read' | 'write';

/**
 * Whether permissions allow an access to a collection: the profile is read by whoever may view
 * the user's data or manage its sharing (an admin must see whose sharing it is); preferences and
 * settings are the user's own, read and written by them and their custodians; every write
 * needs root or custodian.
 */
export function mayUseCollection(
  permissions: Permissions,
  collection: CollectionName,
  access: CollectionAccess,
): boolean {
  if (access === 'read' && collection === 'profile')
    return mayView(permissions) || permissions.admin !== undefined;
  return mayEditProfile(permissions);
}

/**
 * Throws a 403 problem unless the caller may use the collection. It asks access only, so a
 * stranger learns nothing about whether the user exists.
 */
export async function assertMayUseCollection(
  request: Request,
  permissions: PermissionSource,
  userid: string,
  collection: CollectionName,
  access: CollectionAccess,
): Promise<TokenInfo> {
  const caller = getCaller(request);
  if (caller.isServer) return caller;
  if (!mayUseCollection(await permissions.permissionsOf(userid, caller.userid), collection, access)) {
    throw forbidden(
      access === 'read'
        ? `You may not read the ${collection} of this user.`
        : `You may not change the ${collection} of this user.`,
    );
  }
  return caller;
}

/** The caller, when it is the user themself or a server; anyone else gets a 403 problem. */
export function assertSelfOrServer(request: Request, userid: string): TokenInfo {
  const caller = getCaller(request);
  if (!caller.isServer && caller.userid !== userid) throw forbidden('You may list only your own sharing.');
  return caller;
}

/**
 * The user's `meta` pair, once the salts are known to match: a 404 problem when no account has
 * the id. Call it only after the caller was allowed.
 */
export async function requireMetaPair(context: MetadataContext, userid: string): Promise<Pair> {
  await context.saltCheck.verify();
  const meta = await context.accounts.metaPairOf(userid);
  if (meta === undefined) throw notFound('No account has this user id.');
  return meta;
}
