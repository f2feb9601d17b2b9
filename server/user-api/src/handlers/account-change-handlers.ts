/** Changing and deleting accounts: the current password guards emails, password and deletion (DESIGN.md §5). */
import type { Request } from 'express';
import { forbidden, notFound, type TokenInfo } from '@tidepool/kit';
import type { UserUpdates } from '@tidepool/spec';
import { IdentifierTakenError } from '../accounts/identifier-claims.js';
import { toUser } from '../accounts/user-view.js';
import type { AppContext } from '../app-context.js';
import { identifierTaken } from './account-handlers.js';
import { clientAddress, requireSelfOrServer, requireUserCaller } from './caller-checks.js';
import type { UserApiHandlers } from './handler-types.js';
import { assertAcceptableInput } from './input-checks.js';

type AccountChangeHandlers = Pick<
  UserApiHandlers,
  'updateCurrentUser' | 'updateUser' | 'deleteCurrentUser' | 'deleteUser'
>;

/** The handlers that change and delete accounts. */
export function createAccountChangeHandlers(context: AppContext): AccountChangeHandlers {
  const { accounts, hasher, throttles, config } = context;

  /**
   * A user must prove the current password (servers need not). Wrong guesses count against
   * the account and the address like failed logins, so this is no side door for guessing.
   */
  async function assertPasswordProven(
    request: Request,
    caller: TokenInfo,
    userid: string,
    password: string | undefined,
  ): Promise<void> {
    if (caller.isServer) return;
    const identifier = `account:${userid}`;
    const address = clientAddress(request);
    const attempt = await throttles.beginPasswordCheck(identifier, address);
    const account = await accounts.find(userid);
    if (account === undefined) throw notFound('No account has this user id.');
    if (password !== undefined && (await hasher.verify(account.passwordHash, password))) {
      await attempt.succeeded();
      return;
    }
    throw forbidden('`currentPassword` (or `password`) is missing or wrong.');
  }

  async function update(request: Request, userid: string, updates: UserUpdates) {
    const caller = requireSelfOrServer(request, userid);
    if (updates.emails !== undefined || updates.password !== undefined) {
      await assertPasswordProven(request, caller, userid, updates.currentPassword);
    }
    assertAcceptableInput({
      ...(updates.password === undefined
        ? {}
        : { password: { value: updates.password, path: 'updates.password' } }),
      ...(updates.emails === undefined ? {} : { emails: { value: updates.emails, path: 'updates.emails' } }),
    });
    const passwordHash = updates.password === undefined ? undefined : await hasher.hash(updates.password);
    let account;
    try {
      // A new password ends every other session; the caller's own stays (DESIGN.md §5).
      account = await accounts.update(
        userid,
        {
          ...(updates.username === undefined ? {} : { username: updates.username }),
          ...(updates.emails === undefined ? {} : { emails: updates.emails }),
          ...(passwordHash === undefined ? {} : { passwordHash }),
        },
        caller.isServer ? undefined : caller.sessionId,
      );
    } catch (error) {
      if (error instanceof IdentifierTakenError) throw identifierTaken();
      throw error;
    }
    if (account === undefined) throw notFound('No account has this user id.');
    if (passwordHash !== undefined) context.revocations.poke();
    return { status: 200 as const, body: toUser(account) };
  }

  async function remove(request: Request, userid: string, password: string | undefined) {
    const caller = requireSelfOrServer(request, userid);
    await assertPasswordProven(request, caller, userid, password);
    if (!(await accounts.delete(userid, config.ERASE_SERVICES)))
      throw notFound('No account has this user id.');
    context.revocations.poke();
    context.wake.erasures();
    return { status: 204 as const, body: undefined };
  }

  return {
    updateCurrentUser: async ({ body, req }) => update(req, requireUserCaller(req).userid, body.updates),
    updateUser: async ({ body, params, req }) => update(req, params.userid, body.updates),
    deleteCurrentUser: async ({ body, req }) => remove(req, requireUserCaller(req).userid, body.password),
    deleteUser: async ({ body, params, req }) => remove(req, params.userid, body.password),
  };
}
