/** `GET /users/:userid/users`: the people a user shares with, both ways, with their names (DESIGN.md §9). */
import { isProblemError } from '@tidepool/kit';
import { mayView } from '@tidepool/service-runtime';
import { ProfileSchema, type Permissions, type PermissionsByUser, type SharedUser } from '@tidepool/spec';
import type { Logger } from 'pino';
import { assertSelfOrServer } from './caller-rules.js';
import type { MetadataContext, MetadataHandlers } from './handler-types.js';

type SharedUserHandlers = Pick<MetadataHandlers, 'listUsers'>;

/** One linked person: the permissions both ways, as access holds them. */
interface Link {
  trustorPermissions?: Permissions;
  trusteePermissions?: Permissions;
}

/**
 * Everyone linked to `userid` by a permission, the user themself left out. Only ids that access
 * lists appear: nothing about anyone else is ever looked up.
 */
function linksOf(userid: string, sharers: PermissionsByUser, grantees: PermissionsByUser): Map<string, Link> {
  const links = new Map<string, Link>();
  const link = (other: string) => {
    let found = links.get(other);
    if (found === undefined) {
      found = {};
      links.set(other, found);
    }
    return found;
  };
  for (const [other, permissions] of Object.entries(sharers))
    if (other !== userid) link(other).trustorPermissions = permissions;
  for (const [other, permissions] of Object.entries(grantees))
    if (other !== userid) link(other).trusteePermissions = permissions;
  return links;
}

/**
 * The public part of a person's profile: the name, and the patient details only when the user
 * may view that person's data (they share with the user with view, custodian, …).
 */
async function publicProfile(
  context: MetadataContext,
  logger: Logger,
  userid: string,
  mayViewData: boolean,
): Promise<SharedUser['profile']> {
  await context.saltCheck.verify();
  const meta = await context.accounts.metaPairOf(userid);
  if (meta === undefined) return undefined;
  let stored: unknown;
  try {
    stored = (await context.store.read(meta))?.profile;
  } catch (error) {
    // One document that does not open leaves that name out rather than the whole list.
    if (!isProblemError(error) || error.status !== 500) throw error;
    logger.warn('a linked user’s metadata did not open; listed without a name');
    return undefined;
  }
  const profile = ProfileSchema.safeParse(stored ?? {});
  if (!profile.success) return undefined;
  const { fullName, patient } = profile.data;
  const visiblePatient = mayViewData ? patient : undefined;
  if (fullName === undefined && visiblePatient === undefined) return undefined;
  return { fullName: fullName ?? '', ...(visiblePatient === undefined ? {} : { patient: visiblePatient }) };
}

export function createSharedUserHandlers(context: MetadataContext): SharedUserHandlers {
  return {
    listUsers: async ({ params, req }) => {
      assertSelfOrServer(req, params.userid);
      const [sharers, grantees] = await Promise.all([
        context.sharing.sharersOf(params.userid),
        context.sharing.granteesOf(params.userid),
      ]);
      const links = linksOf(params.userid, sharers, grantees);
      const users = await Promise.all(
        [...links].map(async ([userid, link]): Promise<SharedUser> => {
          const mayViewData = link.trustorPermissions !== undefined && mayView(link.trustorPermissions);
          const profile = await publicProfile(context, req.log, userid, mayViewData);
          return { userid, ...(profile === undefined ? {} : { profile }), ...link };
        }),
      );
      return { status: 200, body: users };
    },
  };
}
