/** Identifiers that appear in paths and bodies across the services. */
import { z } from 'zod';

/** A Tidepool user id: random, lowercase hex, never changes (DESIGN.md §5). */
export const UserIdSchema = z
  .string()
  .regex(/^[a-f0-9]{10,64}$/, 'A user id is 10 to 64 lowercase hexadecimal characters.')
  .describe('A user id: 10 to 64 lowercase hexadecimal characters.');
export type UserId = z.infer<typeof UserIdSchema>;

/** An opaque server-chosen id (sessions, messages, invitations, listings): URL-safe characters. */
export const OpaqueIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'An id is 1 to 128 characters out of A-Z, a-z, 0-9, `_` and `-`.')
  .describe('An opaque id: 1 to 128 characters out of A-Z, a-z, 0-9, `_` and `-`.');

export const SessionIdSchema = OpaqueIdSchema.describe('The id of a login session (not its token).');
export type SessionId = z.infer<typeof SessionIdSchema>;

export const MessageIdSchema = OpaqueIdSchema.describe('The id of a note or reply.');
export type MessageId = z.infer<typeof MessageIdSchema>;

export const InvitationIdSchema = OpaqueIdSchema.describe('The id of a sharing invitation.');
export type InvitationId = z.infer<typeof InvitationIdSchema>;

/** The id of one upload of device data, as the uploader chose it (Tidepool `uploadId`). */
export const UploadIdSchema = z.string().min(1).max(64).describe('The id of one upload of device data.');
export type UploadId = z.infer<typeof UploadIdSchema>;

/** An email address as users type it; compared case-insensitively by the servers. */
export const EmailSchema = z.string().max(254).email().describe('An email address (at most 254 characters).');
export type Email = z.infer<typeof EmailSchema>;

/** The name a server logs in with (`x-tidepool-server-name`), usually its hakken service name. */
export const ServerNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,63}$/,
    'A server name is lowercase letters, digits and `-`, starting with a letter.',
  )
  .describe('The name of a server, usually its hakken service name.');
export type ServerName = z.infer<typeof ServerNameSchema>;
