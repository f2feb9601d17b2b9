/** `client.auth`: accounts, login and sessions (user-api, under `/auth`). */
import type {
  EmailVerificationConfirmation,
  LogoutEverywhereResult,
  PasswordResetConfirmation,
  RefreshedSession,
  ServiceStatus,
  Session,
  SignupBody,
  User,
  UserUpdates,
} from '@tidepool/spec';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { TidepoolError, UnauthorizedError } from '../errors/tidepool-error.js';
import type { RequestOptions } from '../options/request-options.js';
import type { SessionManager } from '../session/session-manager.js';
import { basicAuthorization } from '../transport/http-basic.js';
import type { RawClient } from './raw-client.js';
import { successBody } from './success-body.js';

/** Accounts, login and sessions. The client keeps the session that login and signup start. */
export class AuthApi {
  readonly #raw: RawClient['auth'];
  readonly #session: SessionManager;

  constructor(raw: RawClient['auth'], session: SessionManager) {
    this.#raw = raw;
    this.#session = session;
  }

  /**
   * Logs in with a username or any email address of the account, and keeps the session.
   *
   * @example
   * const user = await client.auth.login('ann@example.com', 'correct horse battery');
   * client.session?.userid === user.userid; // true
   * @throws UnauthorizedError when the identifier or the password is wrong (the two are not told apart).
   * @throws RateLimitedError after too many failures; `retryAfterSeconds` says how long to wait.
   */
  async login(identifier: string, password: string, options?: RequestOptions): Promise<User> {
    const response = await this.#raw.login({
      extraHeaders: { authorization: basicAuthorization(identifier, password) },
      requestOptions: options,
    });
    const user = successBody(response, 200);
    this.#session.start(user.userid, sessionToken(response.headers), 'login');
    return user;
  }

  /**
   * Creates an account and keeps its session, as login does.
   *
   * @example
   * const user = await client.auth.signup({ emails: ['ann@example.com'], password: 'correct horse battery' });
   * @throws ConflictError when the username or an email address belongs to another account.
   * @throws BadRequestError naming each invalid field in `errors`.
   */
  async signup(account: SignupBody, options?: RequestOptions): Promise<User> {
    const response = await this.#raw.signup({ body: account, requestOptions: options });
    const user = successBody(response, 201);
    this.#session.start(user.userid, sessionToken(response.headers), 'signup');
    return user;
  }

  /**
   * Ends the session on the server and forgets it here. The local session is forgotten even
   * when the call fails; the error then tells that the server may not know yet.
   */
  async logout(options?: RequestOptions): Promise<void> {
    await this.#session.load();
    if (this.#session.current === null) return;
    try {
      successBody(await this.#raw.logout({ requestOptions: options }), 200);
    } catch (error) {
      // A 401 means the server had already ended it: the goal is reached.
      if (!(error instanceof UnauthorizedError)) throw error;
    } finally {
      this.#session.clear();
    }
  }

  /**
   * Gets a fresh token for the session now. The client does this by itself before a call once
   * the token is older than `refreshAfterMs`, so few applications need it.
   */
  refresh(options?: RequestOptions): Promise<RefreshedSession> {
    return this.#session.refreshNow(options);
  }

  /** Ends every session of the current user, this one included, and forgets it here. */
  async logoutEverywhere(options?: RequestOptions): Promise<LogoutEverywhereResult> {
    const result = successBody(await this.#raw.logoutEverywhere({ requestOptions: options }), 200);
    this.#session.clear();
    return result;
  }

  /** The live sessions of the current user, newest first (without their tokens). */
  async listSessions(options?: RequestOptions): Promise<Session[]> {
    return successBody(await this.#raw.listSessions({ requestOptions: options }), 200);
  }

  /** Ends one session of the current user, for example that of a lost phone. */
  async revokeSession(sessionId: string, options?: RequestOptions): Promise<void> {
    successBody(await this.#raw.revokeSession({ params: { sessionId }, requestOptions: options }), 204);
  }

  /** The account of the current session. */
  async getCurrentUser(options?: RequestOptions): Promise<User> {
    return successBody(await this.#raw.getCurrentUser({ requestOptions: options }), 200);
  }

  /** An account by user id: one's own (servers may read any). */
  async getUser(userid: string, options?: RequestOptions): Promise<User> {
    return successBody(await this.#raw.getUser({ params: { userid }, requestOptions: options }), 200);
  }

  /**
   * Changes the current account; absent fields stay. `emails` and `password` need `currentPassword`,
   * and a new password ends every other session.
   *
   * @example
   * await client.auth.updateCurrentUser({ password: 'new secret words', currentPassword: 'old secret words' });
   */
  async updateCurrentUser(updates: UserUpdates, options?: RequestOptions): Promise<User> {
    return successBody(
      await this.#raw.updateCurrentUser({ body: { updates }, requestOptions: options }),
      200,
    );
  }

  /** As {@link AuthApi.updateCurrentUser}, for the account of `userid` (one's own, or any for a server). */
  async updateUser(userid: string, updates: UserUpdates, options?: RequestOptions): Promise<User> {
    const response = await this.#raw.updateUser({
      params: { userid },
      body: { updates },
      requestOptions: options,
    });
    return successBody(response, 200);
  }

  /**
   * Deletes the current account and everything stored under it (DESIGN.md §6), then forgets
   * the session. Needs the password.
   */
  async deleteCurrentUser(password: string, options?: RequestOptions): Promise<void> {
    successBody(await this.#raw.deleteCurrentUser({ body: { password }, requestOptions: options }), 204);
    this.#session.clear();
  }

  /** As {@link AuthApi.deleteCurrentUser}, for the account of `userid`; a server may omit the password. */
  async deleteUser(userid: string, password?: string, options?: RequestOptions): Promise<void> {
    const body = password === undefined ? {} : { password };
    successBody(await this.#raw.deleteUser({ params: { userid }, body, requestOptions: options }), 204);
    if (this.#session.current?.userid === userid) this.#session.clear();
  }

  /** Mails a password reset link when an account has this address; answers the same either way. */
  async requestPasswordReset(email: string, options?: RequestOptions): Promise<void> {
    successBody(await this.#raw.requestPasswordReset({ body: { email }, requestOptions: options }), 202);
  }

  /** Sets a new password with the token from the reset email; every session of the account ends. */
  async confirmPasswordReset(
    confirmation: PasswordResetConfirmation,
    options?: RequestOptions,
  ): Promise<void> {
    successBody(await this.#raw.confirmPasswordReset({ body: confirmation, requestOptions: options }), 200);
  }

  /** Mails a verification link to the addresses of the current account. */
  async requestEmailVerification(options?: RequestOptions): Promise<void> {
    successBody(await this.#raw.requestEmailVerification({ requestOptions: options }), 202);
  }

  /** Verifies an address with the token from the verification email; needs no session. */
  async confirmEmailVerification(
    confirmation: EmailVerificationConfirmation,
    options?: RequestOptions,
  ): Promise<User> {
    return successBody(
      await this.#raw.confirmEmailVerification({ body: confirmation, requestOptions: options }),
      200,
    );
  }

  /** The health of user-api. */
  async getStatus(options?: RequestOptions): Promise<ServiceStatus> {
    return successBody(await this.#raw.getStatus({ requestOptions: options }), 200);
  }
}

/** The token that login and signup answer in a header (DESIGN.md §9). */
function sessionToken(headers: Headers): string {
  const token = headers.get(SESSION_TOKEN_HEADER);
  if (token === null || token === '') {
    throw new TidepoolError({
      status: 200,
      code: 'UNEXPECTED_RESPONSE',
      message: `The answer carried no ${SESSION_TOKEN_HEADER} header; behind a browser, the server must expose it (CORS).`,
      headers,
    });
  }
  return token;
}
