/** The mail an invitation sends: who shares, what they offer, and how to accept (log in or sign up with the address). */
import type { PermissionName, Permissions, SendMailBody } from '@tidepool/spec';

export interface InvitationMailInput {
  readonly to: string;
  /** The sharer's name from their profile; without it the mail uses a neutral wording. */
  readonly sharerName: string | undefined;
  readonly permissions: Permissions;
  /** The platform's public address, where the invitee logs in or signs up. */
  readonly publicUrl: string;
  readonly expiresTime: Date;
}

/** What each permission lets the invitee do, in the words of the mail. */
const ABILITIES: Readonly<Record<Exclude<PermissionName, 'root'>, string>> = {
  custodian: 'look after the account, as a parent or guardian does',
  admin: 'decide who else may see the data',
  view: 'see the diabetes data and notes',
  upload: 'upload data from diabetes devices',
  note: 'write notes on the data',
};
const ABILITY_ORDER = ['custodian', 'admin', 'view', 'upload', 'note'] as const;

/** Longest name put in a mail; profiles hold what users typed. */
const MAXIMUM_NAME_LENGTH = 100;

/** The name as one printable line: control characters (line breaks included) become spaces. */
function printableName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point.
  const line = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > MAXIMUM_NAME_LENGTH ? `${line.slice(0, MAXIMUM_NAME_LENGTH - 1)}…` : line;
}

/**
 * The invitation mail, for user-api's outbox (kind `invitation`). It carries no link with a
 * secret: the invitee proves the address by logging in (or signing up) with it and verifying it.
 *
 * @example invitationMail({ to, sharerName: 'Jane Doe', permissions: { view: {} }, publicUrl, expiresTime })
 */
export function invitationMail(input: InvitationMailInput): SendMailBody {
  const name = printableName(input.sharerName);
  const abilities = ABILITY_ORDER.filter((permission) => input.permissions[permission] !== undefined).map(
    (permission) => `  - ${ABILITIES[permission]}`,
  );
  const opening =
    name === undefined
      ? 'A Tidepool user invited you to share their diabetes data.'
      : `${name} invited you to share their diabetes data on Tidepool.`;
  const text = [
    opening,
    '',
    'If you accept, you will be able to:',
    ...abilities,
    '',
    `To accept, log in or sign up at ${input.publicUrl} with this email address (${input.to}),`,
    'verify the address when asked, and open your invitations.',
    '',
    `The invitation expires on ${input.expiresTime.toISOString().slice(0, 10)}.`,
    'If you did not expect this mail, you can ignore it.',
  ].join('\n');
  return {
    to: input.to,
    subject:
      name === undefined
        ? 'An invitation to share diabetes data on Tidepool'
        : `${name} invited you to share their diabetes data`,
    text,
    kind: 'invitation',
  };
}
