/** The mail outbox of user-api: services hand it mail for users, and tests and operators read it back. */
import { z } from 'zod';
import { EmailSchema, OpaqueIdSchema } from '../common/ids.js';
import { DateTimeSchema } from '../common/time.js';

/** Why a mail is sent; a mail transport may pick a template by it. */
export const MailKindSchema = z
  .enum(['password-reset', 'email-verification', 'invitation', 'account-notice'])
  .describe('What the mail is for.');
export type MailKind = z.infer<typeof MailKindSchema>;

/** PostgreSQL cannot store NUL in text. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point.
const NO_NUL = /^[^\u0000]*$/;

/** `POST /auth/outbox` (server only). */
export const SendMailBodySchema = z
  .object({
    to: EmailSchema,
    subject: z.string().min(1).max(200).regex(NO_NUL, 'A subject has no NUL character.'),
    text: z
      .string()
      .min(1)
      .max(20_000)
      .regex(NO_NUL, 'A text has no NUL character.')
      .describe('Plain-text body.'),
    kind: MailKindSchema,
  })
  .strict()
  .describe('A mail to send.');
export type SendMailBody = z.infer<typeof SendMailBodySchema>;

/** A mail in the outbox. */
export const OutboxMessageSchema = SendMailBodySchema.extend({
  id: OpaqueIdSchema,
  createdTime: DateTimeSchema,
}).describe('A mail in the outbox.');
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

/** `GET /auth/outbox?to=&limit=`: the newest mails first. */
export const OutboxQuerySchema = z
  .object({
    to: EmailSchema.optional().describe('Only mail to this address.'),
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('At most this many (default 100).'),
  })
  .describe('Unknown query parameters are ignored.');
export type OutboxQuery = z.infer<typeof OutboxQuerySchema>;

/** `GET /auth/outbox`. */
export const OutboxSchema = z
  .object({ messages: z.array(OutboxMessageSchema) })
  .describe('Mails in the outbox, newest first.');
export type Outbox = z.infer<typeof OutboxSchema>;
