/** Accounts in the users database: create, find, change, delete, and the `meta` pair (DESIGN.md §5, §6). */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { createPair, type Database, type Pair } from '@tidepool/kit';
import { deleteAccount, findPair } from './account-deletion.js';
import { emails, sessions, users, type UserApiSchema } from '../db/schema.js';
import { revokeSessionsWhere } from '../sessions/session-store.js';
import { claimIdentifiers, freshUserId } from './identifier-claims.js';
import { identifierKey } from './identifiers.js';
import { listUserIds } from './user-id-pages.js';

type UsersDatabase = Database<UserApiSchema>;

/** An account as stored, with its addresses in the user's order. */
export interface AccountRecord {
  readonly userid: string;
  readonly username: string | null;
  readonly passwordHash: string;
  readonly createdTime: Date;
  readonly emails: readonly { readonly address: string; readonly verified: boolean }[];
}

/** What an update changes; absent fields stay. */
export interface AccountChanges {
  readonly username?: string;
  readonly emails?: readonly string[];
  readonly passwordHash?: string;
}

async function writeEmails(
  db: UsersDatabase,
  userid: string,
  addresses: readonly string[],
  verifiedKeys: ReadonlySet<string>,
): Promise<void> {
  await db.delete(emails).where(eq(emails.userid, userid));
  await db.insert(emails).values(
    addresses.map((address, position) => {
      const emailKey = identifierKey(address);
      return { emailKey, userid, address, position, verified: verifiedKeys.has(emailKey) };
    }),
  );
}

/** The account store; `now` is the clock. */
export function createAccountStore(db: UsersDatabase, now = () => new Date()) {
  /**
   * One query, prepared once: the account joined with its addresses (GET /user is the platform's
   * most frequent call).
   */
  const accountWithEmails = db
    .select({ user: users, address: emails.address, verified: emails.verified })
    .from(users)
    .leftJoin(emails, eq(emails.userid, users.userid))
    .where(eq(users.userid, sql.placeholder('userid')))
    .orderBy(asc(emails.position))
    .prepare('account_with_emails');

  async function find(userid: string): Promise<AccountRecord | undefined> {
    const rows = await accountWithEmails.execute({ userid });
    const [first] = rows;
    if (first === undefined) return undefined;
    const addresses = rows.flatMap((row) =>
      row.address === null ? [] : [{ address: row.address, verified: row.verified === true }],
    );
    return { ...first.user, emails: addresses };
  }

  async function required(userid: string): Promise<AccountRecord> {
    const account = await find(userid);
    if (account === undefined) throw new Error('A new account is missing after its own transaction.');
    return account;
  }

  return {
    find,

    /** Creates an account with a fresh user id and `meta` pair. Throws `IdentifierTakenError`. */
    async create(input: { username?: string; emails: readonly string[]; passwordHash: string }) {
      const userid = await db.transaction(async (transaction) => {
        const usernameKey = input.username === undefined ? undefined : identifierKey(input.username);
        await claimIdentifiers(transaction, '', usernameKey, input.emails.map(identifierKey));
        const id = await freshUserId(transaction);
        const meta: Pair = createPair();
        await transaction.insert(users).values({
          userid: id,
          username: input.username ?? null,
          usernameKey: usernameKey ?? null,
          passwordHash: input.passwordHash,
          metaId: meta.id,
          metaHash: meta.hash,
          createdTime: now(),
        });
        await writeEmails(transaction, id, input.emails, new Set());
        return id;
      });
      return required(userid);
    },

    /** The account an identifier (username or any address, any case) names. Addresses win a tie. */
    async findByIdentifier(
      identifier: string,
    ): Promise<{ userid: string; passwordHash: string } | undefined> {
      const key = identifierKey(identifier);
      // No account has a NUL in its identifiers (the contract refuses control characters), and
      // PostgreSQL cannot even compare text with one: such an identifier names nobody.
      if (key.includes('\u0000')) return undefined;
      const [byEmail] = await db
        .select({ userid: users.userid, passwordHash: users.passwordHash })
        .from(emails)
        .innerJoin(users, eq(emails.userid, users.userid))
        .where(eq(emails.emailKey, key));
      if (byEmail !== undefined) return byEmail;
      const [byUsername] = await db
        .select({ userid: users.userid, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.usernameKey, key));
      return byUsername;
    },

    /** The account that has this address (any case), with the address as the user wrote it. */
    async findByEmail(address: string): Promise<{ userid: string; address: string } | undefined> {
      const [row] = await db
        .select({ userid: emails.userid, address: emails.address })
        .from(emails)
        .where(eq(emails.emailKey, identifierKey(address)));
      return row;
    },

    /** The addresses of an account that are not verified yet. */
    async unverifiedEmails(userid: string): Promise<{ emailKey: string; address: string }[]> {
      return db
        .select({ emailKey: emails.emailKey, address: emails.address })
        .from(emails)
        .where(and(eq(emails.userid, userid), eq(emails.verified, false)))
        .orderBy(asc(emails.position));
    },

    /**
     * Changes an account. New addresses start unverified; kept ones keep their state. A new
     * password hash ends every session but `keepSessionId` in the same transaction. Answers
     * undefined when the account does not exist (any more).
     */
    async update(
      userid: string,
      changes: AccountChanges,
      keepSessionId?: string,
    ): Promise<AccountRecord | undefined> {
      const exists = await db.transaction(async (transaction) => {
        const [user] = await transaction
          .select({ userid: users.userid })
          .from(users)
          .where(eq(users.userid, userid))
          .for('update');
        if (user === undefined) return false;
        const usernameKey = changes.username === undefined ? undefined : identifierKey(changes.username);
        await claimIdentifiers(transaction, userid, usernameKey, (changes.emails ?? []).map(identifierKey));
        if (changes.username !== undefined || changes.passwordHash !== undefined) {
          await transaction
            .update(users)
            .set({
              ...(changes.username === undefined ? {} : { username: changes.username, usernameKey }),
              ...(changes.passwordHash === undefined ? {} : { passwordHash: changes.passwordHash }),
            })
            .where(eq(users.userid, userid));
        }
        if (changes.emails !== undefined) {
          const verified = await transaction
            .select({ emailKey: emails.emailKey })
            .from(emails)
            .where(and(eq(emails.userid, userid), eq(emails.verified, true)));
          await writeEmails(
            transaction,
            userid,
            changes.emails,
            new Set(verified.map((row) => row.emailKey)),
          );
        }
        if (changes.passwordHash !== undefined) {
          await revokeSessionsWhere(
            transaction,
            and(
              eq(sessions.userid, userid),
              keepSessionId === undefined ? undefined : ne(sessions.id, keepSessionId),
            ),
          );
        }
        return true;
      });
      return exists ? find(userid) : undefined;
    },

    /** Stores a rehash made at login, unless the password changed meanwhile. */
    async replacePasswordHash(userid: string, previousHash: string, newHash: string): Promise<void> {
      await db
        .update(users)
        .set({ passwordHash: newHash })
        .where(and(eq(users.userid, userid), eq(users.passwordHash, previousHash)));
    },

    /** Marks an address of the account verified; false when the account no longer has it. */
    async markEmailVerified(userid: string, emailKey: string): Promise<boolean> {
      const updated = await db
        .update(emails)
        .set({ verified: true })
        .where(and(eq(emails.userid, userid), eq(emails.emailKey, emailKey)))
        .returning({ emailKey: emails.emailKey });
      return updated.length > 0;
    },

    /** See `deleteAccount`. */
    delete: (userid: string, eraseServices: readonly string[]) =>
      deleteAccount(db, userid, eraseServices, now()),

    /** See `findPair`. */
    findPair: (userid: string) => findPair(db, userid),

    /** See `listUserIds`. */
    listIds: (after: string | undefined, limit: number) => listUserIds(db, after, limit),
  };
}

export type AccountStore = ReturnType<typeof createAccountStore>;
