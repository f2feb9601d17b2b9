/** An invitation as its sender and its recipient see it (spec `InvitationSchema`). */
import type { Invitation } from '@tidepool/spec';
import type { AccessContext } from '../access-context.js';
import type { StoredInvitation } from '../store/invitation-store.js';

/** The wire shape: a pending invitation past its expiry reads `expired`. */
export function toInvitation(
  invitation: StoredInvitation,
  now: Date,
  fullName: string | undefined,
): Invitation {
  const expired = invitation.status === 'pending' && invitation.expiresTime.getTime() <= now.getTime();
  return {
    id: invitation.id,
    groupid: invitation.groupid,
    email: invitation.email,
    permissions: invitation.permissions,
    status: expired ? 'expired' : invitation.status,
    createdTime: invitation.createdTime.toISOString(),
    expiresTime: invitation.expiresTime.toISOString(),
    ...(fullName === undefined ? {} : { from: { fullName } }),
  };
}

/** Whether an invitation can still be answered or canceled. */
export function isOpen(invitation: StoredInvitation, now: Date): boolean {
  return invitation.status === 'pending' && invitation.expiresTime.getTime() > now.getTime();
}

/**
 * The sharer's name, or undefined. A name is a courtesy: when metadata cannot answer, the
 * invitation goes on without it (a neutral wording), and the failure is logged.
 */
export async function sharerNameOf(context: AccessContext, groupid: string): Promise<string | undefined> {
  try {
    return await context.profileNames.fullNameOf(groupid);
  } catch (error) {
    context.logger.warn(
      { error: error instanceof Error ? error.message : 'unknown' },
      'the sharer’s name could not be read; going on without it',
    );
    return undefined;
  }
}

/** The invitations in their wire shape, with each sharer's name looked up once. */
export async function toInvitations(
  context: AccessContext,
  invitations: readonly StoredInvitation[],
  now: Date,
): Promise<Invitation[]> {
  const groupids = [...new Set(invitations.map((invitation) => invitation.groupid))];
  const names = new Map(
    await Promise.all(
      groupids.map(async (groupid) => [groupid, await sharerNameOf(context, groupid)] as const),
    ),
  );
  return invitations.map((invitation) => toInvitation(invitation, now, names.get(invitation.groupid)));
}
