/** Erasing a deleted user (DESIGN.md §6): every grant to or from them, and their invitations. */
import type { AccessContext } from '../access-context.js';
import type { AccessHandlers } from './handler-types.js';

type ErasureHandlers = Pick<AccessHandlers, 'eraseUser'>;

/** The handler of `DELETE /internal/users/:userid` (servers only: the auth middleware refuses users). */
export function createErasureHandlers(context: AccessContext): ErasureHandlers {
  /**
   * The invitations to the user's addresses go too when user-api still knows them. It usually
   * does not (it calls after deleting the account), and that is fine: those invitations name
   * an address, not the user, and expire.
   */
  async function eraseInvitationsTo(userid: string): Promise<void> {
    try {
      const account = await context.users.accountOf(userid);
      if (account !== undefined) await context.invitations.eraseTo(account.emails);
    } catch (error) {
      context.logger.warn(
        { error: error instanceof Error ? error.message : 'unknown' },
        'the addresses of an erased user could not be read; their invitations expire by themselves',
      );
    }
  }

  return {
    eraseUser: async ({ params: { userid } }) => {
      await context.grants.eraseUser(userid);
      await context.invitations.eraseGroup(userid);
      await context.invitationRateLimit.eraseGroup(userid);
      await eraseInvitationsTo(userid);
      return { status: 204, body: undefined };
    },
  };
}
