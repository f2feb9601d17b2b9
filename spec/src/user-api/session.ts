/** Login sessions and tokens: what login, refresh, logout and token checks answer (DESIGN.md §5). */
import { z } from 'zod';
import { ServerNameSchema, SessionIdSchema, UserIdSchema } from '../common/ids.js';
import { DateTimeSchema } from '../common/time.js';

/** A session token as it appears in a path (`GET /auth/token/:token`); its format is the server's. */
export const SessionTokenSchema = z.string().min(16).max(512).describe('A session token.');

/** `GET /auth/login`: who the refreshed token belongs to; the new token is in the header. */
export const RefreshedSessionSchema = z
  .object({ userid: UserIdSchema })
  .describe('The owner of the refreshed session.');
export type RefreshedSession = z.infer<typeof RefreshedSessionSchema>;

/** One login session of the current user, without its token. */
export const SessionSchema = z
  .object({
    id: SessionIdSchema,
    createdTime: DateTimeSchema,
    lastUsedTime: DateTimeSchema,
    expiresTime: DateTimeSchema.describe('When the session ends at the latest (absolute expiry).'),
    current: z.boolean().describe('Whether this is the session of the token that asked.'),
  })
  .describe('A login session.');
export type Session = z.infer<typeof SessionSchema>;

/** `POST /auth/logout/all`. */
export const LogoutEverywhereResultSchema = z
  .object({ revoked: z.number().int().nonnegative().describe('How many sessions were ended.') })
  .describe('The sessions ended.');
export type LogoutEverywhereResult = z.infer<typeof LogoutEverywhereResultSchema>;

/** `POST /auth/serverlogin`: the token is in the header. */
export const ServerLoginResultSchema = z
  .object({ name: ServerNameSchema, isserver: z.literal(true) })
  .describe('The server that logged in.');
export type ServerLoginResult = z.infer<typeof ServerLoginResultSchema>;

/** `GET /auth/token/:token` (server only): whose token it is, in the Tidepool shape `{userid, isserver}`. */
export const TokenInfoSchema = z
  .discriminatedUnion('isserver', [
    z.object({
      userid: UserIdSchema,
      isserver: z.literal(false),
      sessionId: SessionIdSchema,
      expiresTime: DateTimeSchema,
    }),
    z.object({
      userid: ServerNameSchema.describe('For a server token, the server name.'),
      isserver: z.literal(true),
      expiresTime: DateTimeSchema,
    }),
  ])
  .describe('The owner of a valid token.');
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

/**
 * One event of `GET /auth/sessions/revocations`: a token or session that no longer holds.
 * Services that cache token checks drop the entry, so a logout takes effect everywhere
 * within a second (DESIGN.md §5).
 */
export const RevocationEventSchema = z
  .union([
    z
      .object({
        tokenHash: z
          .string()
          .regex(/^[a-f0-9]{64}$/)
          .describe('SHA-256 of the revoked token, hex.'),
        revokedAt: DateTimeSchema,
      })
      .strict(),
    z.object({ sessionId: SessionIdSchema, revokedAt: DateTimeSchema }).strict(),
  ])
  .describe('A revoked token or session.');
export type RevocationEvent = z.infer<typeof RevocationEventSchema>;
