/**
 * Who may reach which patient's messages (DESIGN.md §9): reading needs view (or root or
 * custodian), writing needs note or view, servers may read. The permission check comes before
 * anything is looked up, so a caller without it learns nothing about which messages exist.
 */
import type { IncomingMessage } from 'node:http';
import { forbidden, getCaller, isProblemError, notFound, type Pair } from '@tidepool/kit';
import { mayNote, mayView } from '@tidepool/service-runtime';
import type { MessageIdentity } from '../ids/message-ids.js';
import { openGroupVault, type GroupVault } from '../store/group-vault.js';
import type { HandlerContext } from './handler-types.js';

/** What a route needs of the caller: `read` (servers too) or `write` (a user with note or view). */
export type Need = 'read' | 'write';

/** The caller may act; `author` is their user id (undefined for a server). */
export interface Admitted {
  readonly author: string | undefined;
  readonly vault: GroupVault;
}

/** `Admitted`, for a route that names a message. */
export interface AdmittedToMessage extends Admitted {
  readonly identity: MessageIdentity;
}

const REFUSALS: Readonly<Record<Need, string>> = {
  read: 'Reading notes needs view, custodian or root on the patient.',
  write: 'Writing notes needs note, view, custodian or root on the patient.',
};

/** A message id that names nothing this caller may see: the same answer whatever the reason. */
export function noSuchMessage() {
  return notFound('No message has this id, or the caller may not read it.');
}

/** Checks callers and opens the vaults of the patients they may reach. */
export function createMessageAccess(context: HandlerContext) {
  /** The caller's user id once the rule holds; throws a 403 problem otherwise. */
  async function admit(request: IncomingMessage, groupid: string, need: Need, refusal: string) {
    const caller = getCaller(request);
    if (caller.isServer) {
      // Servers read (DESIGN.md §6 "who asks whom"); they have no account to write as.
      if (need === 'read') return undefined;
      throw forbidden(refusal);
    }
    const permissions = await context.permissions.permissionsOf(groupid, caller.userid);
    const allowed = need === 'read' ? mayView(permissions) : mayNote(permissions);
    if (!allowed) throw forbidden(refusal);
    return caller.userid;
  }

  /** The patient's `messages` pair, or undefined when no account has the id (erased). */
  async function pairOf(groupid: string): Promise<Pair | undefined> {
    try {
      return await context.pairs.pairOf(groupid, 'messages');
    } catch (error) {
      if (isProblemError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  return {
    /** For the routes that name a patient: undefined when the patient has no account. */
    async toGroup(
      request: IncomingMessage,
      groupid: string,
      need: Need,
      refusal = REFUSALS[need],
    ): Promise<Admitted | undefined> {
      const author = await admit(request, groupid, need, refusal);
      const pair = await pairOf(groupid);
      return pair === undefined ? undefined : { author, vault: openGroupVault(context.ring, pair) };
    },

    /**
     * For the routes that name a message: undefined when the id is not one of ours (tampered,
     * foreign, made under a salt version since removed) or its patient has no account.
     */
    async toMessage(
      request: IncomingMessage,
      msgid: string,
      need: Need,
      refusal = REFUSALS[need],
    ): Promise<AdmittedToMessage | undefined> {
      const identity = context.ids.open(msgid);
      if (identity === undefined) return undefined;
      const author = await admit(request, identity.groupid, need, refusal);
      const pair = await pairOf(identity.groupid);
      return pair === undefined ? undefined : { author, identity, vault: openGroupVault(context.ring, pair) };
    },
  };
}

export type MessageAccess = ReturnType<typeof createMessageAccess>;
