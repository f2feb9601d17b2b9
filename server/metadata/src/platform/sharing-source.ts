/** Who shares with a user and with whom the user shares, from access (with metadata's server token). */
import { createServiceClient, type ServerTokenSource } from '@tidepool/kit';
import { callDependency, unexpectedAnswer } from '@tidepool/service-runtime';
import { accessContract, type PermissionsByUser } from '@tidepool/spec';

/** The sharing of one user, both ways (DESIGN.md §9). */
export interface SharingSource {
  /** `{sharerId: permissions}`: whose data the user may reach, and how (access `GET /groups/:userid`). */
  sharersOf(userid: string): Promise<PermissionsByUser>;
  /** `{granteeId: permissions}`: who may reach the user's data, and how (access `GET /:userid`). */
  granteesOf(userid: string): Promise<PermissionsByUser>;
}

export interface AccessSharingSourceOptions {
  readonly baseUrl: () => Promise<string>;
  readonly tokens: ServerTokenSource;
  readonly fetch?: typeof fetch;
}

/**
 * access through its contract; any failure becomes a 503 problem naming access.
 *
 * @example
 * const sharing = createAccessSharingSource({ baseUrl: locate('access'), tokens });
 */
export function createAccessSharingSource(options: AccessSharingSourceOptions): SharingSource {
  const client = createServiceClient(accessContract, {
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return {
    async sharersOf(userid) {
      const answer = await callDependency('access', () => client.listGroups({ params: { userid } }));
      if (answer.status !== 200) throw unexpectedAnswer('access', answer.status);
      return answer.body;
    },
    async granteesOf(userid) {
      const answer = await callDependency('access', () => client.listGrantees({ params: { userid } }));
      if (answer.status !== 200) throw unexpectedAnswer('access', answer.status);
      return answer.body;
    },
  };
}
