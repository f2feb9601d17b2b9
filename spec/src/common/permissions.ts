/** Tidepool permissions: who may do what with whose data (DESIGN.md §9, permission rules). */
import { z } from 'zod';
import { UserIdSchema } from './ids.js';

/** The permission names, from strongest to weakest. `root` is implied for oneself and never stored. */
export const PERMISSION_NAMES = ['root', 'custodian', 'admin', 'view', 'upload', 'note'] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** One granted permission: an empty object, as in Tidepool (`{"view": {}}`). */
export const PermissionSchema = z.object({}).strict().describe('A granted permission: always `{}`.');

/**
 * The permissions one user holds on another's data; `{}` means none. Unknown names are
 * refused so that a typo never silently grants nothing.
 */
export const PermissionsSchema = z
  .object({
    root: PermissionSchema.optional().describe('The user themself; implied, never granted.'),
    custodian: PermissionSchema.optional().describe('Looks after the account (for example a parent).'),
    admin: PermissionSchema.optional().describe('May change who has access.'),
    view: PermissionSchema.optional().describe('May read the data and notes.'),
    upload: PermissionSchema.optional().describe('May upload device data.'),
    note: PermissionSchema.optional().describe('May write notes.'),
  })
  .strict()
  .describe('Permissions on a user’s data: each present name is granted.');
export type Permissions = z.infer<typeof PermissionsSchema>;

/** Permissions keyed by user id: `{granteeId: permissions}` or `{sharerId: permissions}`. */
export const PermissionsByUserSchema = z
  .record(UserIdSchema, PermissionsSchema)
  .describe('Permissions keyed by user id.');
export type PermissionsByUser = z.infer<typeof PermissionsByUserSchema>;
