/** Login sessions and server sessions in the users database: start, check, refresh, list, revoke (DESIGN.md §5). */
import { and, desc, eq, gt, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import { sessionRevocations, sessions, sessionTokens, type UserApiSchema } from '../db/schema.js';
import { createSecretToken, createSessionId, hashToken } from './secret-tokens.js';

type UsersDatabase = Database<UserApiSchema>;

export interface SessionLifetimes {
  readonly idleSeconds: number;
  readonly lifetimeSeconds: number;
  readonly serverSeconds: number;
}

/** The owner of a valid token. `expiresTime` is the earlier of the idle and the absolute expiry. */
export type SessionOwner =
  | { readonly kind: 'user'; readonly userid: string; readonly sessionId: string; readonly expiresTime: Date }
  | { readonly kind: 'server'; readonly serverName: string; readonly expiresTime: Date };

/** A live session of a user, for `GET /sessions`. */
export interface SessionSummary {
  readonly id: string;
  readonly createdTime: Date;
  readonly lastUsedTime: Date;
  readonly expiresTime: Date;
}

/** The last use is written at most this often per session, not on every request. */
const MAXIMUM_TOUCH_INTERVAL_MILLISECONDS = 60_000;

/**
 * Ends the sessions that match `where`, recording each in the revocation log first so that
 * every instance's revocation stream announces it. Works inside a transaction.
 */
export async function revokeSessionsWhere(db: UsersDatabase, where: SQL | undefined): Promise<string[]> {
  const ended = await db.delete(sessions).where(where).returning({ id: sessions.id });
  if (ended.length > 0) {
    await db.insert(sessionRevocations).values(ended.map((session) => ({ sessionId: session.id })));
  }
  return ended.map((session) => session.id);
}

export interface SessionStoreOptions {
  readonly lifetimes: SessionLifetimes;
  /** Called after sessions were revoked, so that the revocation stream announces them at once. */
  readonly onRevoked?: () => void;
  /** The clock; tests pass their own. */
  readonly now?: () => Date;
}

/** The session store over a database. */
export function createSessionStore(db: UsersDatabase, options: SessionStoreOptions) {
  const { lifetimes } = options;
  const now = options.now ?? (() => new Date());
  const onRevoked = options.onRevoked ?? (() => undefined);
  const idleMilliseconds = lifetimes.idleSeconds * 1000;
  const touchInterval = Math.min(MAXIMUM_TOUCH_INTERVAL_MILLISECONDS, idleMilliseconds / 10);
  const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);
  const idleExpiry = (lastUsed: Date) => new Date(lastUsed.getTime() + idleMilliseconds);
  /** A user session is live until both its idle and its absolute expiry. */
  const liveUserSessions = (at: Date) =>
    and(gt(sessions.expiresTime, at), gt(sessions.lastUsedTime, new Date(at.getTime() - idleMilliseconds)));

  /**
   * The session a token hash belongs to. Prepared once: every request with a token asks it, and
   * building its SQL again each time cost more than running it.
   */
  const tokenOwner = db
    .select({
      id: sessions.id,
      userid: sessions.userid,
      serverName: sessions.serverName,
      lastUsedTime: sessions.lastUsedTime,
      expiresTime: sessions.expiresTime,
    })
    .from(sessionTokens)
    .innerJoin(sessions, eq(sessionTokens.sessionId, sessions.id))
    .where(eq(sessionTokens.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('session_token_owner');

  async function addToken(sessionId: string, at: Date): Promise<string> {
    const token = createSecretToken();
    await db.insert(sessionTokens).values({ tokenHash: hashToken(token), sessionId, createdTime: at });
    return token;
  }

  return {
    /** Logs a user in: a new session and its first token. */
    async startUserSession(userid: string): Promise<{ token: string; sessionId: string }> {
      const at = now();
      const sessionId = createSessionId();
      const expiresTime = later(at, lifetimes.lifetimeSeconds);
      await db
        .insert(sessions)
        .values({ id: sessionId, userid, createdTime: at, lastUsedTime: at, expiresTime });
      return { token: await addToken(sessionId, at), sessionId };
    },

    /** Logs a server in: a server session, which has an absolute expiry only. */
    async startServerSession(serverName: string): Promise<{ token: string }> {
      const at = now();
      const id = createSessionId();
      const expiresTime = later(at, lifetimes.serverSeconds);
      await db.insert(sessions).values({ id, serverName, createdTime: at, lastUsedTime: at, expiresTime });
      return { token: await addToken(id, at) };
    },

    /** Who a token belongs to, or null when it is unknown, revoked or expired; records the use. */
    async check(token: string): Promise<SessionOwner | null> {
      const at = now();
      const [row] = await tokenOwner.execute({ tokenHash: hashToken(token) });
      if (row === undefined || row.expiresTime <= at) return null;
      if (row.serverName !== null) {
        return { kind: 'server', serverName: row.serverName, expiresTime: row.expiresTime };
      }
      if (row.userid === null || idleExpiry(row.lastUsedTime) <= at) return null;
      let lastUsed = row.lastUsedTime;
      if (at.getTime() - lastUsed.getTime() >= touchInterval) {
        await db.update(sessions).set({ lastUsedTime: at }).where(eq(sessions.id, row.id));
        lastUsed = at;
      }
      const expiresTime = new Date(Math.min(row.expiresTime.getTime(), idleExpiry(lastUsed).getTime()));
      return { kind: 'user', userid: row.userid, sessionId: row.id, expiresTime };
    },

    /** A fresh token for a live session (GET /login); its absolute expiry stays. */
    refresh(sessionId: string): Promise<string> {
      return addToken(sessionId, now());
    },

    /** The live sessions of a user, newest first. */
    async list(userid: string): Promise<SessionSummary[]> {
      return db
        .select({
          id: sessions.id,
          createdTime: sessions.createdTime,
          lastUsedTime: sessions.lastUsedTime,
          expiresTime: sessions.expiresTime,
        })
        .from(sessions)
        .where(and(eq(sessions.userid, userid), liveUserSessions(now())))
        .orderBy(desc(sessions.createdTime), desc(sessions.id));
    },

    /** Ends one session of a user; false when the user has no such session. */
    async revoke(userid: string, sessionId: string): Promise<boolean> {
      const ended = await revokeSessionsWhere(
        db,
        and(eq(sessions.id, sessionId), eq(sessions.userid, userid)),
      );
      onRevoked();
      return ended.length > 0;
    },

    /** Ends the session a token belongs to, user or server (logout). */
    async revokeToken(token: string): Promise<void> {
      const [row] = await db
        .select({ sessionId: sessionTokens.sessionId })
        .from(sessionTokens)
        .where(eq(sessionTokens.tokenHash, hashToken(token)));
      if (row === undefined) return;
      await revokeSessionsWhere(db, eq(sessions.id, row.sessionId));
      onRevoked();
    },

    /** Ends every session of a user but `exceptSessionId`; answers how many live ones ended. */
    async revokeAll(userid: string, exceptSessionId?: string): Promise<number> {
      const at = now();
      const live = await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.userid, userid), liveUserSessions(at)));
      const ended = await revokeSessionsWhere(
        db,
        and(
          eq(sessions.userid, userid),
          exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId),
        ),
      );
      onRevoked();
      const liveIds = new Set(live.map((session) => session.id));
      return ended.filter((id) => liveIds.has(id)).length;
    },

    /** Deletes sessions past their expiry (no revocation is announced: expiry needs none). */
    async pruneExpired(): Promise<void> {
      const at = now();
      await db
        .delete(sessions)
        .where(
          or(
            lt(sessions.expiresTime, at),
            and(
              isNotNull(sessions.userid),
              lt(sessions.lastUsedTime, new Date(at.getTime() - idleMilliseconds)),
            ),
          ),
        );
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
