/** Sharing by email: an invitation to receive permissions on a user's data. */
import { z } from 'zod';
import { EmailSchema, InvitationIdSchema, UserIdSchema } from '../common/ids.js';
import { PermissionsSchema } from '../common/permissions.js';
import { DateTimeSchema } from '../common/time.js';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'canceled', 'expired'] as const;
export const InvitationStatusSchema = z.enum(INVITATION_STATUSES).describe('Where the invitation stands.');
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;

/** The permissions an invitation may offer: never `root`, which belongs to the user alone. */
export const OfferedPermissionsSchema = PermissionsSchema.omit({ root: true })
  .strict()
  .refine(
    (permissions) => Object.keys(permissions).length > 0,
    'An invitation offers at least one permission.',
  )
  .describe('The permissions offered; at least one, never `root`.');

/** `POST /access/invitations/sent/:groupid`. */
export const SendInvitationBodySchema = z
  .object({ email: EmailSchema, permissions: OfferedPermissionsSchema })
  .strict()
  .describe('Who to invite and what to offer them.');
export type SendInvitationBody = z.infer<typeof SendInvitationBodySchema>;

/** An invitation, as its sender and its recipient see it. */
export const InvitationSchema = z
  .object({
    id: InvitationIdSchema,
    groupid: UserIdSchema.describe('The user whose data is shared.'),
    email: EmailSchema.describe('The address invited.'),
    permissions: PermissionsSchema,
    status: InvitationStatusSchema,
    createdTime: DateTimeSchema,
    expiresTime: DateTimeSchema,
    from: z
      .object({ fullName: z.string() })
      .optional()
      .describe('The sharer’s name from their profile, when they have one.'),
  })
  .describe('An invitation to share data.');
export type Invitation = z.infer<typeof InvitationSchema>;
