/** Holds the client's session: in memory, mirrored to storage, refreshed before it grows old. */
import type { RefreshedSession } from '@tidepool/spec';
import { UnauthorizedError } from '../errors/tidepool-error.js';
import type { RequestOptions } from '../options/request-options.js';
import { ActiveSession } from './active-session.js';
import { parseStoredSession, serializeSession } from './session-storage.js';
import type { SessionStorage } from './session-storage.js';

/** Why the session changed: a new one, a refreshed token, or none any more. */
export type SessionChangeReason = 'login' | 'signup' | 'refresh' | 'logout' | 'expired';

/** What `onSessionChange` receives; `session` is null after logout and expiry. */
export interface SessionChange {
  readonly reason: SessionChangeReason;
  readonly session: ActiveSession | null;
}

export interface SessionManagerOptions {
  readonly storage: SessionStorage | undefined;
  readonly onSessionChange: ((change: SessionChange) => void) | undefined;
  readonly refreshAfterMs: number;
  readonly now: () => number;
  /** Asks the platform for a fresh token (GET /auth/login); the transport hands it to {@link SessionManager.renew}. */
  readonly refresh: (options?: RequestOptions) => Promise<RefreshedSession>;
}

/**
 * The one owner of the session of a client. The transport asks it for the token to send,
 * tells it about fresh tokens and 401 answers, and lets it refresh lazily before a call.
 */
export class SessionManager {
  readonly #options: SessionManagerOptions;
  #session: ActiveSession | null = null;
  /** Set once anything replaced the session, so that a slow storage read cannot undo it. */
  #changed = false;
  #loading: Promise<void> | undefined;
  #refreshing: Promise<RefreshedSession> | undefined;
  /** Storage writes run one after another, so that the last value written is the current one. */
  #writes: Promise<void> = Promise.resolve();

  constructor(options: SessionManagerOptions) {
    this.#options = options;
  }

  get current(): ActiveSession | null {
    return this.#session;
  }

  /** Reads the storage adapter once; every later call returns the same promise. */
  load(): Promise<void> {
    this.#loading ??= this.#read();
    return this.#loading;
  }

  /** Takes the session that login or signup returned. */
  start(userid: string, token: string, reason: 'login' | 'signup'): ActiveSession {
    const session = new ActiveSession(userid, token, this.#options.now());
    this.#replace(session, reason);
    return session;
  }

  /**
   * Keeps the fresh token an answer carried, when the request was sent with the current token
   * (an answer to a request of an older session must not revive or overwrite anything).
   */
  renew(sentToken: string, freshToken: string): void {
    const current = this.#session;
    if (current === null || current.token !== sentToken || freshToken === sentToken) return;
    this.#replace(new ActiveSession(current.userid, freshToken, this.#options.now()), 'refresh');
  }

  /** A 401 to a request sent with the current token: the server no longer knows this session. */
  expire(sentToken: string): void {
    if (this.#session?.token === sentToken) this.#replace(null, 'expired');
  }

  /** Forgets the session (after logout). */
  clear(): void {
    if (this.#session !== null) this.#replace(null, 'logout');
  }

  /**
   * Refreshes the token when it is older than `refreshAfterMs`. A refresh that fails for any
   * reason but a 401 keeps the old token, which the call then uses: it may well still be
   * valid, and the next call tries again.
   */
  async ensureFresh(): Promise<void> {
    const session = this.#session;
    if (session === null || this.#options.now() - session.obtainedAt < this.#options.refreshAfterMs) return;
    try {
      await this.refreshNow();
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
    }
  }

  /**
   * Refreshes the token now, one refresh at a time for all callers: whoever asks while one is
   * in flight waits for that one (whose options are those of the caller that started it).
   */
  refreshNow(options?: RequestOptions): Promise<RefreshedSession> {
    this.#refreshing ??= this.#refresh(options).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(options: RequestOptions | undefined): Promise<RefreshedSession> {
    const before = this.#session;
    const refreshed = await this.#options.refresh(options);
    // The server extended the token instead of issuing a new one: it is fresh all the same.
    if (before !== null && this.#session === before) {
      this.#replace(new ActiveSession(before.userid, before.token, this.#options.now()), 'refresh');
    }
    return refreshed;
  }

  async #read(): Promise<void> {
    const storage = this.#options.storage;
    if (storage === undefined) return;
    try {
      const stored = parseStoredSession(await storage.get());
      if (!this.#changed) this.#session = stored;
    } catch (error) {
      reportLater(error);
    }
  }

  #replace(session: ActiveSession | null, reason: SessionChangeReason): void {
    this.#session = session;
    this.#changed = true;
    const storage = this.#options.storage;
    if (storage !== undefined) {
      const value = session === null ? null : serializeSession(session);
      this.#writes = this.#writes.then(() => storage.set(value)).catch(reportLater);
    }
    try {
      this.#options.onSessionChange?.({ reason, session });
    } catch (error) {
      reportLater(error);
    }
  }
}

/**
 * A failing listener or storage adapter must not fail the call that changed the session (the
 * login did succeed), nor vanish: like an EventTarget listener's error, it is reported on its own.
 */
function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
