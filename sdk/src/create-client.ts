/** createClient and the TidepoolClient it returns: the SDK's one entry point. */
import type { SignupBody, User } from '@tidepool/spec';
import { AccessApi } from './api/access-api.js';
import { AuthApi } from './api/auth-api.js';
import { DataApi } from './api/data-api.js';
import { MessagesApi } from './api/messages-api.js';
import { MetadataApi } from './api/metadata-api.js';
import { createRawClient } from './api/raw-client.js';
import type { RawClient } from './api/raw-client.js';
import { successBody } from './api/success-body.js';
import { resolveClientOptions } from './options/client-options.js';
import type { ClientOptions } from './options/client-options.js';
import type { RequestOptions } from './options/request-options.js';
import type { ActiveSession } from './session/active-session.js';
import { SessionManager } from './session/session-manager.js';
import { createFetcher } from './transport/create-fetcher.js';

/**
 * A client of one Tidepool platform. Every public route is a typed method of a group; the
 * session that login or signup starts is kept, sent, refreshed and stored for you.
 */
export class TidepoolClient {
  /** Accounts, login and sessions (`/auth`). */
  readonly auth: AuthApi;
  /** Profile, preferences and settings (`/metadata`). */
  readonly metadata: MetadataApi;
  /** Permissions and invitations (`/access`). */
  readonly access: AccessApi;
  /** Device data, summaries and uploads (`/data`). */
  readonly data: DataApi;
  /** Notes and replies (`/message`). */
  readonly messages: MessagesApi;
  readonly #session: SessionManager;
  readonly #baseUrl: string;

  /** Use {@link createClient}, which checks the options. */
  constructor(raw: RawClient, session: SessionManager, baseUrl: string) {
    this.#session = session;
    this.#baseUrl = baseUrl;
    this.auth = new AuthApi(raw.auth, session);
    this.metadata = new MetadataApi(raw.metadata);
    this.access = new AccessApi(raw.access);
    this.data = new DataApi(raw.data);
    this.messages = new MessagesApi(raw.message);
  }

  /**
   * The current session (`{userid, token}`), or null. With a storage adapter the stored
   * session shows here once the first call or {@link TidepoolClient.loadSession} has read it.
   */
  get session(): ActiveSession | null {
    return this.#session.current;
  }

  /** Reads the storage adapter now (the first call does it anyway) and answers the session found. */
  async loadSession(): Promise<ActiveSession | null> {
    await this.#session.load();
    return this.#session.current;
  }

  /** Shortcut of {@link AuthApi.login}. */
  login(identifier: string, password: string, options?: RequestOptions): Promise<User> {
    return this.auth.login(identifier, password, options);
  }

  /** Shortcut of {@link AuthApi.signup}. */
  signup(account: SignupBody, options?: RequestOptions): Promise<User> {
    return this.auth.signup(account, options);
  }

  /** Shortcut of {@link AuthApi.logout}. */
  logout(options?: RequestOptions): Promise<void> {
    return this.auth.logout(options);
  }

  toString(): string {
    return `TidepoolClient(${this.#baseUrl})`;
  }
}

/**
 * Creates a client. Options are checked at once: an unknown or misspelt one throws.
 *
 * @example
 * import { createClient } from '@tidepool/sdk';
 *
 * const client = createClient({ baseUrl: 'https://api.example.org' });
 * const user = await client.login('ann@example.com', 'correct horse battery');
 * const readings = await client.data.query(user.userid, { type: 'cbg', startDate: '2024-05-01T00:00:00Z' });
 */
export function createClient(options: ClientOptions): TidepoolClient {
  const resolved = resolveClientOptions(options);
  // The refresh call goes through the same transport (which keeps the fresh token it answers),
  // so the session manager and the ts-rest client refer to each other; the closure, called only
  // once a session exists, ties them.
  const session = new SessionManager({
    storage: resolved.storage,
    onSessionChange: resolved.onSessionChange,
    refreshAfterMs: resolved.refreshAfterMs,
    now: () => resolved.clock.now(),
    refresh: async (requestOptions) =>
      successBody(await raw.auth.refreshSession({ isSessionRefresh: true, requestOptions }), 200),
  });
  const raw = createRawClient(resolved.baseUrl, createFetcher(resolved, session));
  return new TidepoolClient(raw, session, resolved.baseUrl);
}
