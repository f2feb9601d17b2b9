/** The access contract: who may see whose data, Tidepool gatekeeper routes and invitations (DESIGN.md §9), under `/access`. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { InvitationIdSchema, UserIdSchema } from '../common/ids.js';
import { PermissionsByUserSchema, PermissionsSchema } from '../common/permissions.js';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import { InvitationSchema, SendInvitationBodySchema } from './invitation.js';

const c = initContract();

const userParams = z.object({ userid: UserIdSchema });
const groupParams = z.object({ groupid: UserIdSchema });
const sentInvitationParams = z.object({ groupid: UserIdSchema, invitationId: InvitationIdSchema });
const receivedInvitationParams = z.object({ userid: UserIdSchema, invitationId: InvitationIdSchema });
const pairParams = z.object({ groupid: UserIdSchema, userid: UserIdSchema });
const mayNotManage = problem('Only root, custodian or admin on the group may manage its sharing.');
const noPendingInvitation = problem('No pending invitation has this id for this user.');

/**
 * Every route of access, as access serves them (no `/access` prefix). Routes whose first
 * segment is a literal (`status`, `groups`, `invitations`, `internal`) come before
 * `/:userid` and `/:groupid/:userid`, which would otherwise match them.
 */
export const accessContract = c.router(
  {
    ...serviceStatusRoutes,
    listGroups: {
      method: 'GET',
      path: '/groups/:userid',
      pathParams: userParams,
      summary: 'List who shares with a user',
      description:
        'The users whose data this user may reach, with the permissions held on each ' +
        '(`{sharerId: permissions}`), the user themself included as `{root: {}}`.',
      responses: { 200: PermissionsByUserSchema, ...problemResponses(401, 403) },
      metadata: publicRoute('user'),
    },
    sendInvitation: {
      method: 'POST',
      path: '/invitations/sent/:groupid',
      pathParams: groupParams,
      summary: 'Invite someone by email to share data',
      description:
        'Mails an invitation to the address. The answer is the same whether or not the address ' +
        'has an account, so that nobody can probe for accounts. A pending invitation to the same ' +
        'address is replaced.',
      body: SendInvitationBodySchema,
      responses: {
        202: c.noBody(),
        ...problemResponses(400, 401),
        403: mayNotManage,
        429: problem('Too many invitations: wait for `Retry-After`.'),
      },
      metadata: publicRoute('user', {
        examples: { body: { email: 'dr.smith@example.com', permissions: { view: {}, note: {} } } },
      }),
    },
    listSentInvitations: {
      method: 'GET',
      path: '/invitations/sent/:groupid',
      pathParams: groupParams,
      summary: 'List the invitations sent for a user’s data',
      description: 'Every invitation of the group, newest first, whatever its status.',
      responses: { 200: z.array(InvitationSchema), ...problemResponses(401), 403: mayNotManage },
      metadata: publicRoute('user'),
    },
    cancelInvitation: {
      method: 'DELETE',
      path: '/invitations/sent/:groupid/:invitationId',
      pathParams: sentInvitationParams,
      summary: 'Cancel a pending invitation',
      description: 'The invitation can no longer be accepted.',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(401), 403: mayNotManage, 404: noPendingInvitation },
      metadata: publicRoute('user'),
    },
    listReceivedInvitations: {
      method: 'GET',
      path: '/invitations/received/:userid',
      pathParams: userParams,
      summary: 'List the invitations a user received',
      description: 'Pending invitations sent to any verified email address of the user, newest first.',
      responses: { 200: z.array(InvitationSchema), ...problemResponses(401, 403) },
      metadata: publicRoute('user'),
    },
    acceptInvitation: {
      method: 'POST',
      path: '/invitations/received/:userid/:invitationId/accept',
      pathParams: receivedInvitationParams,
      summary: 'Accept an invitation',
      description: 'Grants the offered permissions on the sharer’s data to the user.',
      body: c.noBody(),
      responses: {
        200: PermissionsSchema.describe('The permissions the user now holds on the sharer’s data.'),
        ...problemResponses(401, 403),
        404: noPendingInvitation,
      },
      metadata: publicRoute('user'),
    },
    declineInvitation: {
      method: 'POST',
      path: '/invitations/received/:userid/:invitationId/decline',
      pathParams: receivedInvitationParams,
      summary: 'Decline an invitation',
      description: 'The invitation is closed; the sharer sees it as declined.',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(401, 403), 404: noPendingInvitation },
      metadata: publicRoute('user'),
    },
    eraseUser: {
      method: 'DELETE',
      path: '/internal/users/:userid',
      pathParams: userParams,
      summary: 'Erase the permissions of a deleted user',
      description: 'Removes every permission granted by or to the user, and their invitations.',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(401), 403: problem('Only servers may erase users.') },
      metadata: internalRoute('server'),
    },
    listGrantees: {
      method: 'GET',
      path: '/:userid',
      pathParams: userParams,
      summary: 'List who may reach a user’s data',
      description:
        'Everyone holding permissions on the user’s data (`{granteeId: permissions}`), the user ' +
        'themself included as `{root: {}}`. Needs root, custodian or admin on the user.',
      responses: { 200: PermissionsByUserSchema, ...problemResponses(401), 403: mayNotManage },
      metadata: publicRoute('user'),
    },
    getPermissions: {
      method: 'GET',
      path: '/:groupid/:userid',
      pathParams: pairParams,
      summary: 'Get what one user may do with another’s data',
      description:
        'The permissions `userid` holds on the data of `groupid`. Either of the two users, a ' +
        'manager of the group or a server may ask.',
      responses: {
        200: PermissionsSchema,
        ...problemResponses(401, 403),
        404: problem('The user holds no permission on the group.'),
      },
      metadata: publicRoute('user'),
    },
    setPermissions: {
      method: 'POST',
      path: '/:groupid/:userid',
      pathParams: pairParams,
      summary: 'Set what one user may do with another’s data',
      description:
        'Replaces the permissions of `userid` on the data of `groupid`; `{}` removes them. Only ' +
        'root, custodian or admin on the group may, and a grantee may remove themself. `root` ' +
        'cannot be granted.',
      body: PermissionsSchema,
      responses: {
        200: PermissionsSchema.describe('The permissions now held.'),
        ...problemResponses(400, 401),
        403: mayNotManage,
        404: problem('No account has one of the user ids.'),
      },
      metadata: publicRoute('user', { examples: { body: { view: {}, upload: {} } } }),
    },
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
