/** Where a session may outlive the client object: the storage adapter and its stored form. */
import { ActiveSession } from './active-session.js';

/**
 * Keeps the session between page loads or process restarts. `get` is read once, before the
 * first call; `set` is called with each new value, `null` on logout or expiry. Either may be
 * asynchronous. The value is an opaque string that holds the token: store it as securely as a
 * password (see the README on browser storage).
 */
export interface SessionStorage {
  get(): string | null | Promise<string | null>;
  set(value: string | null): void | Promise<void>;
}

/** The part of the Web Storage API (`localStorage`, `sessionStorage`) that the adapter uses. */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A {@link SessionStorage} over Web Storage.
 *
 * @example
 * const client = createClient({ baseUrl, storage: webStorageAdapter(window.sessionStorage) });
 */
export function webStorageAdapter(storage: WebStorageLike, key = 'tidepool.session'): SessionStorage {
  return {
    get: () => storage.getItem(key),
    set: (value) => {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
    },
  };
}

/** The stored form: user id, token and its age, so that refresh keeps its schedule across reloads. */
export function serializeSession(session: ActiveSession): string {
  return JSON.stringify({ userid: session.userid, token: session.token, obtainedAt: session.obtainedAt });
}

/** The session a stored value holds, or null when it holds none or something unreadable. */
export function parseStoredSession(value: string | null): ActiveSession | null {
  if (value === null || value === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { userid, token, obtainedAt } = parsed as Record<string, unknown>;
  if (typeof userid !== 'string' || typeof token !== 'string' || userid === '' || token === '') return null;
  // A missing or odd age counts as old, so that the first call refreshes the token.
  return new ActiveSession(userid, token, typeof obtainedAt === 'number' ? obtainedAt : 0);
}
