/** Who may ask access what (DESIGN.md §9): the user themself, a manager of their data, or a server. */
import type { Request } from 'express';
import { forbidden, getCaller, type TokenInfo } from '@tidepool/kit';
import { mayManage } from '@tidepool/service-runtime';
import type { Permissions } from '@tidepool/spec';
import type { AccessContext } from '../access-context.js';

/** The detail of every refusal to someone who may not manage a group's sharing. */
export const MAY_NOT_MANAGE = 'Only root, custodian or admin on the group may manage its sharing.';

/** What a user holds on the data of `groupid`: `root` when it is their own, else what was granted. */
export async function permissionsOfUser(
  context: AccessContext,
  userid: string,
  groupid: string,
): Promise<Permissions> {
  return userid === groupid ? { root: {} } : context.grants.permissionsOf(groupid, userid);
}

/**
 * The caller, when it is a server or holds root, custodian or admin on the data of `groupid`;
 * anyone else gets a 403 problem.
 */
export async function requireManager(
  context: AccessContext,
  request: Request,
  groupid: string,
): Promise<TokenInfo> {
  const caller = getCaller(request);
  if (caller.isServer) return caller;
  if (!mayManage(await permissionsOfUser(context, caller.userid, groupid))) throw forbidden(MAY_NOT_MANAGE);
  return caller;
}

/** The caller, when it is the user `userid` or a server; any other user gets a 403 problem. */
export function requireSelfOrServer(request: Request, userid: string): TokenInfo {
  const caller = getCaller(request);
  if (!caller.isServer && caller.userid !== userid) throw forbidden('You may ask only about yourself.');
  return caller;
}

/** The caller's user id, when it is the user `userid`; other users and servers get a 403 problem. */
export function requireSelf(request: Request, userid: string): string {
  const caller = getCaller(request);
  if (caller.isServer || caller.userid !== userid) {
    throw forbidden('Only the user themself may see and answer their invitations.');
  }
  return caller.userid;
}
