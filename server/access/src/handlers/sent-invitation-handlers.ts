/** Sharing by email, the sender's side: invite an address, list the invitations, cancel one. */
import { notFound } from '@tidepool/kit';
import type { AccessContext } from '../access-context.js';
import { invitationMail } from '../invitations/invitation-mail.js';
import { isOpen, sharerNameOf, toInvitations } from '../invitations/invitation-view.js';
import { requireManager } from './caller-checks.js';
import type { AccessHandlers } from './handler-types.js';

type SentInvitationHandlers = Pick<
  AccessHandlers,
  'sendInvitation' | 'listSentInvitations' | 'cancelInvitation'
>;

const DAY_MILLISECONDS = 24 * 60 * 60 * 1000;

/** The handlers of `/invitations/sent/:groupid`: root, custodian or admin on the group, or a server. */
export function createSentInvitationHandlers(context: AccessContext): SentInvitationHandlers {
  return {
    sendInvitation: async ({ params: { groupid }, body, req }) => {
      await requireManager(context, req, groupid);
      const now = context.now();
      await context.invitationRateLimit.count(groupid, now);
      // Nothing here asks whether the address has an account: the answer, and the work done,
      // are the same either way, so the route cannot be used to probe for accounts.
      const invitation = await context.invitations.create({
        groupid,
        email: body.email,
        permissions: body.permissions,
        createdTime: now,
        expiresTime: new Date(now.getTime() + context.config.INVITATION_DAYS * DAY_MILLISECONDS),
      });
      await context.users.sendMail(
        invitationMail({
          to: body.email,
          sharerName: await sharerNameOf(context, groupid),
          permissions: invitation.permissions,
          publicUrl: context.config.PUBLIC_URL,
          expiresTime: invitation.expiresTime,
        }),
      );
      return { status: 202, body: undefined };
    },

    listSentInvitations: async ({ params: { groupid }, req }) => {
      await requireManager(context, req, groupid);
      const invitations = await context.invitations.listByGroup(groupid);
      return { status: 200, body: await toInvitations(context, invitations, context.now()) };
    },

    cancelInvitation: async ({ params: { groupid, invitationId }, req }) => {
      await requireManager(context, req, groupid);
      const now = context.now();
      const invitation = await context.invitations.find(invitationId);
      const canceled =
        invitation !== undefined &&
        invitation.groupid === groupid &&
        isOpen(invitation, now) &&
        (await context.invitations.close(invitation, 'canceled', now));
      if (!canceled) throw notFound('No pending invitation has this id for this user.');
      return { status: 204, body: undefined };
    },
  };
}
