/** `client.access.invitations`: sharing by email (access, under `/access/invitations`). */
import type { Invitation, Permissions, SendInvitationBody } from '@tidepool/spec';
import type { RequestOptions } from '../options/request-options.js';
import type { RawClient } from './raw-client.js';
import { successBody } from './success-body.js';

/**
 * Invitations offer permissions on a user's data to an email address. The sender's side is
 * keyed by the group (whose data), the recipient's side by the invited user.
 */
export class InvitationsApi {
  readonly #raw: RawClient['access'];

  constructor(raw: RawClient['access']) {
    this.#raw = raw;
  }

  /**
   * Mails an invitation to share the data of `groupid`. The answer is the same whether or not
   * the address has an account. A pending invitation to the same address is replaced.
   *
   * @example
   * await client.access.invitations.send(myUserId, { email: 'dr.smith@example.com', permissions: { view: {}, note: {} } });
   */
  async send(groupid: string, invitation: SendInvitationBody, options?: RequestOptions): Promise<void> {
    successBody(
      await this.#raw.sendInvitation({ params: { groupid }, body: invitation, requestOptions: options }),
      202,
    );
  }

  /** Every invitation sent for the data of `groupid`, newest first, whatever its status. */
  async listSent(groupid: string, options?: RequestOptions): Promise<Invitation[]> {
    return successBody(
      await this.#raw.listSentInvitations({ params: { groupid }, requestOptions: options }),
      200,
    );
  }

  /** Cancels a pending invitation; it can no longer be accepted. */
  async cancel(groupid: string, invitationId: string, options?: RequestOptions): Promise<void> {
    const response = await this.#raw.cancelInvitation({
      params: { groupid, invitationId },
      requestOptions: options,
    });
    successBody(response, 204);
  }

  /** The pending invitations sent to a verified address of `userid`, newest first. */
  async listReceived(userid: string, options?: RequestOptions): Promise<Invitation[]> {
    return successBody(
      await this.#raw.listReceivedInvitations({ params: { userid }, requestOptions: options }),
      200,
    );
  }

  /**
   * Accepts an invitation: `userid` now holds the offered permissions on the sharer's data.
   *
   * @example
   * const [invitation] = await client.access.invitations.listReceived(myUserId);
   * if (invitation) await client.access.invitations.accept(myUserId, invitation.id);
   */
  async accept(userid: string, invitationId: string, options?: RequestOptions): Promise<Permissions> {
    const response = await this.#raw.acceptInvitation({
      params: { userid, invitationId },
      requestOptions: options,
    });
    return successBody(response, 200);
  }

  /** Declines an invitation; the sharer sees it as declined. */
  async decline(userid: string, invitationId: string, options?: RequestOptions): Promise<void> {
    const response = await this.#raw.declineInvitation({
      params: { userid, invitationId },
      requestOptions: options,
    });
    successBody(response, 204);
  }
}
