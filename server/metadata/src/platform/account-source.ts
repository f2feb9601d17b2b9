/** What metadata asks user-api (with its server token): a user's `meta` pair, and the account ids for re-encryption. */
import { createServiceClient, type Pair, type ServerTokenSource } from '@tidepool/kit';
import { callDependency, unexpectedAnswer } from '@tidepool/service-runtime';
import { userApiContract } from '@tidepool/spec';

/** One page of account ids; `next` is absent on the last page. */
export interface AccountIdPage {
  readonly userids: readonly string[];
  readonly next?: string | undefined;
}

/** The accounts, as metadata needs them. */
export interface AccountSource {
  /** The user's `meta` pair, or undefined when no account (nor unfinished erasure) has the id. */
  metaPairOf(userid: string): Promise<Pair | undefined>;
  /** Drops a pair kept in memory (after an erasure). */
  forget(userid: string): void;
  /** The account ids after `after`, in order, at most `limit`. */
  listUserIds(after: string | undefined, limit: number): Promise<AccountIdPage>;
}

export interface UserApiAccountSourceOptions {
  readonly baseUrl: () => Promise<string>;
  readonly tokens: ServerTokenSource;
  /** How long a pair stays in memory (default and at most 60 s, DESIGN.md §6); it is never written anywhere. */
  readonly cacheMilliseconds?: number;
  /** How many pairs stay in memory at most (default 10,000); the oldest go first. */
  readonly cacheSize?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const MAXIMUM_CACHE_MILLISECONDS = 60_000;

/**
 * user-api through its contract. Pairs are kept in a bounded map for at most a minute, so a
 * busy user's requests do not each cost a call; an unknown user is never remembered.
 *
 * @example
 * const accounts = createUserApiAccountSource({ baseUrl: locate('user-api'), tokens });
 * const meta = await accounts.metaPairOf(userid);
 */
export function createUserApiAccountSource(options: UserApiAccountSourceOptions): AccountSource {
  const client = createServiceClient(userApiContract, {
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const cacheMilliseconds = Math.min(
    options.cacheMilliseconds ?? MAXIMUM_CACHE_MILLISECONDS,
    MAXIMUM_CACHE_MILLISECONDS,
  );
  const cacheSize = options.cacheSize ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly pair: Pair; readonly expires: number }>();

  return {
    async metaPairOf(userid) {
      const cached = cache.get(userid);
      if (cached !== undefined && cached.expires > now()) return cached.pair;
      cache.delete(userid);
      const answer = await callDependency('user-api', () => client.getPrivatePair({ params: { userid } }));
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw unexpectedAnswer('user-api', answer.status);
      while (cache.size >= cacheSize) {
        const oldest = cache.keys().next();
        if (oldest.done === true) break;
        cache.delete(oldest.value);
      }
      cache.set(userid, { pair: answer.body, expires: now() + cacheMilliseconds });
      return answer.body;
    },

    forget(userid) {
      cache.delete(userid);
    },

    async listUserIds(after, limit) {
      const answer = await callDependency('user-api', () =>
        client.listUserIds({ query: { limit, ...(after === undefined ? {} : { after }) } }),
      );
      if (answer.status !== 200) throw unexpectedAnswer('user-api', answer.status);
      return answer.body;
    },
  };
}
