/** Permissions from access (`GET /access/:groupid/:userid` with the server token), cached for a second. */
import { createServiceClient, type ServerTokenSource } from '@tidepool/kit';
import { accessContract, PermissionsSchema, type Permissions } from '@tidepool/spec';
import { callDependency, unexpectedAnswer } from './dependency-call.js';
import type { PermissionSource } from './platform-sources.js';

export interface AccessPermissionSourceOptions {
  readonly baseUrl: () => Promise<string>;
  readonly tokens: ServerTokenSource;
  /** How long an answer is reused; a removed permission stops working within it (default 1000). */
  readonly cacheMilliseconds?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const CACHE_SIZE = 10_000;

/**
 * @example
 * const permissions = createAccessPermissionSource({ baseUrl: locate('access'), tokens });
 * if (!mayView(await permissions.permissionsOf(patientId, caller.userid))) throw forbidden();
 */
export function createAccessPermissionSource(options: AccessPermissionSourceOptions): PermissionSource {
  const client = createServiceClient(accessContract, {
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const cacheMilliseconds = options.cacheMilliseconds ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly permissions: Permissions; readonly expires: number }>();

  return {
    async permissionsOf(groupid, userid) {
      if (groupid === userid) return { root: {} };
      const key = `${groupid}/${userid}`;
      const cached = cache.get(key);
      if (cached !== undefined && cached.expires > now()) return cached.permissions;
      const answer = await callDependency('access', () =>
        client.getPermissions({ params: { groupid, userid } }),
      );
      let permissions: Permissions;
      // ts-rest does not validate answers: only a well-formed set of permissions grants anything.
      const parsed = answer.status === 200 ? PermissionsSchema.safeParse(answer.body) : undefined;
      if (parsed?.success === true) permissions = parsed.data;
      else if (answer.status === 404) permissions = {};
      else throw unexpectedAnswer('access', answer.status);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(key, { permissions, expires: now() + cacheMilliseconds });
      return permissions;
    },
  };
}
