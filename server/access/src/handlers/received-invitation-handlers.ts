/** Sharing by email, the invitee's side: the invitations to one's verified addresses, accept, decline. */
import type { Request } from 'express';
import { notFound } from '@tidepool/kit';
import type { AccessContext } from '../access-context.js';
import { isOpen, toInvitations } from '../invitations/invitation-view.js';
import { normalizeEmail } from '../keys/lookup-keys.js';
import type { StoredInvitation } from '../store/invitation-store.js';
import { provenAddresses } from '../users/proven-addresses.js';
import { requireSelf } from './caller-checks.js';
import type { AccessHandlers } from './handler-types.js';

type ReceivedInvitationHandlers = Pick<
  AccessHandlers,
  'listReceivedInvitations' | 'acceptInvitation' | 'declineInvitation'
>;

const NO_PENDING_INVITATION = 'No pending invitation has this id for this user.';

/** The handlers of `/invitations/received/:userid`: the user themself only. */
export function createReceivedInvitationHandlers(context: AccessContext): ReceivedInvitationHandlers {
  /** The addresses whose invitations the user may see: verified ones only (see `provenAddresses`). */
  async function addressesOf(userid: string): Promise<readonly string[]> {
    const account = await context.users.accountOf(userid);
    return account === undefined ? [] : provenAddresses(account);
  }

  /** The invitation, when it is open and addressed to one of the user's verified addresses; else a 404 problem. */
  async function openInvitationFor(request: Request, userid: string, invitationId: string, now: Date) {
    requireSelf(request, userid);
    const [addresses, invitation] = await Promise.all([
      addressesOf(userid),
      context.invitations.find(invitationId),
    ]);
    const mine = new Set(addresses.map(normalizeEmail));
    if (
      invitation === undefined ||
      !isOpen(invitation, now) ||
      invitation.groupid === userid ||
      !mine.has(normalizeEmail(invitation.email))
    ) {
      throw notFound(NO_PENDING_INVITATION);
    }
    return invitation;
  }

  /** Closes the invitation, or answers 404 when another request closed it first. */
  async function close(
    invitation: StoredInvitation,
    status: 'accepted' | 'declined',
    now: Date,
    db = context.database,
  ) {
    if (!(await context.invitations.close(invitation, status, now, db)))
      throw notFound(NO_PENDING_INVITATION);
  }

  return {
    listReceivedInvitations: async ({ params: { userid }, req }) => {
      requireSelf(req, userid);
      const now = context.now();
      const invitations = await context.invitations.listPendingTo(await addressesOf(userid), now);
      const fromOthers = invitations.filter((invitation) => invitation.groupid !== userid);
      return { status: 200, body: await toInvitations(context, fromOthers, now) };
    },

    acceptInvitation: async ({ params: { userid, invitationId }, req }) => {
      const now = context.now();
      const invitation = await openInvitationFor(req, userid, invitationId, now);
      // One transaction: the invitation is accepted exactly when the permissions are granted.
      const permissions = await context.database.transaction(async (transaction) => {
        await close(invitation, 'accepted', now, transaction);
        return context.grants.merge(invitation.groupid, userid, invitation.permissions, transaction);
      });
      return { status: 200, body: permissions };
    },

    declineInvitation: async ({ params: { userid, invitationId }, req }) => {
      const now = context.now();
      const invitation = await openInvitationFor(req, userid, invitationId, now);
      await close(invitation, 'declined', now);
      return { status: 204, body: undefined };
    },
  };
}
