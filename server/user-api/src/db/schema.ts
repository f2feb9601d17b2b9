/**
 * The users database (DESIGN.md §5): only what login needs. Nothing here says whether a user
 * is a patient: every account has the same columns, filled the same way, whoever it belongs to.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An account: a random id, an optional unique username, a password hash and the `meta` pair (DESIGN.md §6). */
export const users = pgTable('users', {
  userid: text('userid').primaryKey(),
  /** As the user wrote it; `usernameKey` is its case-insensitive form, unique. */
  username: text('username'),
  usernameKey: text('username_key').unique(),
  /** scrypt-kdf's format, base64: the parameters travel with the hash. */
  passwordHash: text('password_hash').notNull(),
  metaId: text('meta_id').notNull().unique(),
  metaHash: text('meta_hash').notNull(),
  createdTime: time('created_time').notNull(),
});

/** The email addresses of accounts, each unique across accounts, case-insensitively. */
export const emails = pgTable(
  'emails',
  {
    emailKey: text('email_key').primaryKey(),
    userid: text('userid')
      .notNull()
      .references(() => users.userid, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    verified: boolean('verified').notNull().default(false),
    /** The order the user listed the addresses in. */
    position: integer('position').notNull(),
  },
  (table) => [index('emails_userid_index').on(table.userid)],
);

/** Login sessions of users, and the sessions behind server tokens. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userid: text('userid').references(() => users.userid, { onDelete: 'cascade' }),
    serverName: text('server_name'),
    createdTime: time('created_time').notNull(),
    /** Updated at most once a touch interval, not on every request. */
    lastUsedTime: time('last_used_time').notNull(),
    /** The absolute expiry; the idle expiry is `lastUsedTime` + the idle timeout. */
    expiresTime: time('expires_time').notNull(),
  },
  (table) => [
    index('sessions_userid_index').on(table.userid),
    index('sessions_expires_time_index').on(table.expiresTime),
    check('sessions_owner_check', sql`(${table.userid} is null) <> (${table.serverName} is null)`),
  ],
);

/** The tokens of a session (login and each refresh add one), stored as SHA-256 only. */
export const sessionTokens = pgTable(
  'session_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    createdTime: time('created_time').notNull(),
  },
  (table) => [index('session_tokens_session_id_index').on(table.sessionId)],
);

/** Ended sessions, in order, for the revocation stream of every instance (kept briefly). */
export const sessionRevocations = pgTable(
  'session_revocations',
  {
    sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
    sessionId: text('session_id').notNull(),
    revokedTime: time('revoked_time').notNull().defaultNow(),
  },
  (table) => [index('session_revocations_revoked_time_index').on(table.revokedTime)],
);

/** Single-use tokens mailed for a password reset or an email verification, stored as SHA-256 only. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose', { enum: ['password-reset', 'email-verification'] }).notNull(),
    userid: text('userid')
      .notNull()
      .references(() => users.userid, { onDelete: 'cascade' }),
    /** For a verification: the address it verifies. */
    emailKey: text('email_key'),
    createdTime: time('created_time').notNull(),
    expiresTime: time('expires_time').notNull(),
    usedTime: time('used_time'),
  },
  (table) => [index('email_tokens_userid_index').on(table.userid)],
);

/** Mail waiting for its transport; a row is deleted once delivered. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    kind: text('kind', {
      enum: ['password-reset', 'email-verification', 'invitation', 'account-notice'],
    }).notNull(),
    createdTime: time('created_time').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptTime: time('next_attempt_time').notNull(),
  },
  (table) => [index('mail_outbox_next_attempt_time_index').on(table.nextAttemptTime)],
);

/**
 * A deleted account whose erasure is not finished: the login-disabled tombstone that keeps the
 * `meta` pair for servers until metadata has erased the document it names (see README).
 */
export const userErasures = pgTable('user_erasures', {
  userid: text('userid').primaryKey(),
  metaId: text('meta_id').notNull(),
  metaHash: text('meta_hash').notNull(),
  requestedTime: time('requested_time').notNull(),
});

/** One service's part of an erasure, retried until the service acknowledges it. */
export const erasureSteps = pgTable(
  'erasure_steps',
  {
    userid: text('userid')
      .notNull()
      .references(() => userErasures.userid, { onDelete: 'cascade' }),
    service: text('service').notNull(),
    acknowledgedTime: time('acknowledged_time'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptTime: time('next_attempt_time').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userid, table.service] })],
);

/** Counters of rate-limiter-flexible's `RateLimiterDrizzle` (login throttling), keyed by hashes. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: time('expire'),
});

/** Every table, for Drizzle's relational queries and for `openDatabase`. */
export const schema = {
  users,
  emails,
  sessions,
  sessionTokens,
  sessionRevocations,
  emailTokens,
  mailOutbox,
  userErasures,
  erasureSteps,
  rateLimits,
};

export type UserApiSchema = typeof schema;
