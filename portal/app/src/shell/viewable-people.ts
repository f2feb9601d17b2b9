/** Which people who share with the signed-in person may be looked at, and what they let one do. */
import type { Permissions, SharedUser } from '@tidepool/sdk';

function holds(permissions: Permissions | undefined, ...names: (keyof Permissions)[]): boolean {
  return names.some((name) => permissions?.[name] !== undefined);
}

/** Whether the person lets the signed-in one see their data and notes (DESIGN.md §9: view, custodian or admin). */
export function maySeeData(sharer: SharedUser): boolean {
  return holds(sharer.trustorPermissions, 'view', 'custodian', 'admin');
}

/** Whether the person lets the signed-in one upload to their account (upload or custodian). */
export function mayUploadFor(sharer: SharedUser): boolean {
  return holds(sharer.trustorPermissions, 'upload', 'custodian');
}

/** Whether the person lets the signed-in one write notes on their data (note or view). */
export function mayNoteFor(sharer: SharedUser): boolean {
  return holds(sharer.trustorPermissions, 'note', 'view', 'custodian');
}
