/** The permission rules of DESIGN.md §9, in one place for every service. */
import type { Permissions } from '@tidepool/spec';

/** Reading data, notes and the profile: root, custodian or view. */
export function mayView(permissions: Permissions): boolean {
  return (
    permissions.root !== undefined || permissions.custodian !== undefined || permissions.view !== undefined
  );
}

/** Uploading or deleting device data: root, custodian or upload. */
export function mayUpload(permissions: Permissions): boolean {
  return (
    permissions.root !== undefined || permissions.custodian !== undefined || permissions.upload !== undefined
  );
}

/** Writing a note on someone's data: note or view (and root or custodian). */
export function mayNote(permissions: Permissions): boolean {
  return mayView(permissions) || permissions.note !== undefined;
}

/** Changing who may reach the data: root, custodian or admin. */
export function mayManage(permissions: Permissions): boolean {
  return (
    permissions.root !== undefined || permissions.custodian !== undefined || permissions.admin !== undefined
  );
}

/** Changing the profile, preferences and settings: the user themself or a custodian. */
export function mayEditProfile(permissions: Permissions): boolean {
  return permissions.root !== undefined || permissions.custodian !== undefined;
}
