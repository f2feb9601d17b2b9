/** Single-use tokens mailed for a password reset or an email verification: stored hashed, expiring (DESIGN.md §5). */
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '@tidepool/kit';
import { emailTokens, type UserApiSchema } from '../db/schema.js';
import { createSecretToken, hashToken } from '../sessions/secret-tokens.js';

export type EmailTokenPurpose = 'password-reset' | 'email-verification';

/** What a redeemed token was for. */
export interface RedeemedEmailToken {
  readonly userid: string;
  /** For a verification, the address it verifies. */
  readonly emailKey: string | null;
}

/** The store of mailed tokens; `now` is the clock. */
export function createEmailTokenStore(db: Database<UserApiSchema>, now = () => new Date()) {
  return {
    /** A new token for the mail; only its hash is kept. */
    async issue(
      purpose: EmailTokenPurpose,
      userid: string,
      lifetimeSeconds: number,
      emailKey: string | null = null,
    ): Promise<string> {
      const token = createSecretToken();
      const at = now();
      await db.insert(emailTokens).values({
        tokenHash: hashToken(token),
        purpose,
        userid,
        emailKey,
        createdTime: at,
        expiresTime: new Date(at.getTime() + lifetimeSeconds * 1000),
      });
      return token;
    },

    /**
     * Uses a token up: one atomic update that succeeds only for an unused, unexpired token of
     * this purpose, so two requests with the same token cannot both succeed.
     */
    async redeem(purpose: EmailTokenPurpose, token: string): Promise<RedeemedEmailToken | undefined> {
      const at = now();
      const [redeemed] = await db
        .update(emailTokens)
        .set({ usedTime: at })
        .where(
          and(
            eq(emailTokens.tokenHash, hashToken(token)),
            eq(emailTokens.purpose, purpose),
            isNull(emailTokens.usedTime),
            gt(emailTokens.expiresTime, at),
          ),
        )
        .returning({ userid: emailTokens.userid, emailKey: emailTokens.emailKey });
      return redeemed;
    },

    /** Voids every outstanding token of a purpose for a user (after a reset, the other reset mails). */
    async voidAll(purpose: EmailTokenPurpose, userid: string): Promise<void> {
      await db
        .update(emailTokens)
        .set({ usedTime: now() })
        .where(
          and(eq(emailTokens.userid, userid), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedTime)),
        );
    },

    /** Deletes tokens that can no longer be used. */
    async prune(): Promise<void> {
      const at = now();
      await db.delete(emailTokens).where(or(lt(emailTokens.expiresTime, at), lt(emailTokens.usedTime, at)));
    },
  };
}

export type EmailTokenStore = ReturnType<typeof createEmailTokenStore>;
