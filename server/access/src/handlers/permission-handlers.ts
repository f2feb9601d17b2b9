/** The Tidepool permission routes (DESIGN.md §9): who may reach whose data, and changing it. */
import { badRequest, forbidden, getCaller, notFound } from '@tidepool/kit';
import { mayManage } from '@tidepool/service-runtime';
import type { AccessContext } from '../access-context.js';
import { MAY_NOT_MANAGE, permissionsOfUser, requireManager, requireSelfOrServer } from './caller-checks.js';
import type { AccessHandlers } from './handler-types.js';

type PermissionHandlers = Pick<
  AccessHandlers,
  'listGrantees' | 'listGroups' | 'getPermissions' | 'setPermissions'
>;

/** Root is implied for oneself: it is in every answer about a user's own data, and never stored. */
const ROOT = { root: {} } as const;

/** The handlers of the permission routes. */
export function createPermissionHandlers(context: AccessContext): PermissionHandlers {
  return {
    listGrantees: async ({ params, req }) => {
      await requireManager(context, req, params.userid);
      const grantees = await context.grants.granteesOf(params.userid);
      return { status: 200, body: { [params.userid]: ROOT, ...grantees } };
    },

    listGroups: async ({ params, req }) => {
      requireSelfOrServer(req, params.userid);
      const groups = await context.grants.groupsOf(params.userid);
      return { status: 200, body: { [params.userid]: ROOT, ...groups } };
    },

    getPermissions: async ({ params: { groupid, userid }, req }) => {
      const caller = getCaller(req);
      if (!caller.isServer && caller.userid !== groupid && caller.userid !== userid) {
        // A manager of the group may ask about anyone; others only about themselves.
        if (!mayManage(await permissionsOfUser(context, caller.userid, groupid))) {
          throw forbidden('Only either user, a manager of the group or a server may ask.');
        }
      }
      const permissions = await permissionsOfUser(context, userid, groupid);
      if (Object.keys(permissions).length === 0) throw notFound('The user holds no permission on the group.');
      return { status: 200, body: permissions };
    },

    setPermissions: async ({ params: { groupid, userid }, body, req }) => {
      if (body.root !== undefined) throw badRequest('`root` is implied for oneself and cannot be granted.');
      if (groupid === userid) throw badRequest('A user’s permissions on their own data cannot be changed.');
      const removing = Object.keys(body).length === 0;
      const caller = getCaller(req);
      if (!caller.isServer) {
        if (caller.userid === userid) {
          // DESIGN.md §9: a grantee may remove themself, and change nothing else of their own.
          if (!removing) throw forbidden('A grantee may remove their own permissions, not change them.');
        } else if (!mayManage(await permissionsOfUser(context, caller.userid, groupid))) {
          throw forbidden(MAY_NOT_MANAGE);
        }
      }
      // Granting needs both accounts; removing never does, so a grant to a deleted account can
      // always be taken back, even while user-api is unreachable.
      if (!removing) {
        const [group, grantee] = await Promise.all([
          context.users.accountOf(groupid),
          context.users.accountOf(userid),
        ]);
        if (group === undefined || grantee === undefined)
          throw notFound('No account has one of the user ids.');
      }
      const permissions = await context.grants.replace(groupid, userid, body);
      return { status: 200, body: permissions };
    },
  };
}
