/** Permissions in words: what each one lets a person do with someone's data (DESIGN.md §9). */
import type { Permissions } from '@tidepool/sdk';

/** The permissions an invitation may offer, with what each lets the invited person do. */
export const OFFERED_PERMISSIONS = [
  { name: 'view', label: 'See the data and notes' },
  { name: 'note', label: 'Write notes' },
  { name: 'upload', label: 'Upload device data' },
  { name: 'admin', label: 'Manage who has access' },
] as const satisfies readonly { name: keyof Permissions; label: string }[];

const WORDS: Readonly<Record<keyof Permissions, string>> = {
  root: 'owner',
  custodian: 'custodian',
  admin: 'manage access',
  view: 'view',
  upload: 'upload',
  note: 'notes',
};

/**
 * The granted permissions as a short list for people.
 *
 * @example describePermissions({ view: {}, note: {} }) // 'view, notes'
 */
export function describePermissions(permissions: Permissions | undefined): string {
  const names = (Object.keys(WORDS) as (keyof Permissions)[]).filter(
    (name) => permissions?.[name] !== undefined,
  );
  return names.length === 0 ? 'none' : names.map((name) => WORDS[name]).join(', ');
}
