/** Private pairs and profile names from metadata, with the server token; pairs held in memory briefly. */
import { createServiceClient, isPair, notFound, type Pair, type ServerTokenSource } from '@tidepool/kit';
import { metadataContract, ProfileSchema } from '@tidepool/spec';
import { callDependency, unexpectedAnswer } from './dependency-call.js';
import type { PrivatePairSource, ProfileNameSource } from './platform-sources.js';

export interface MetadataSourceOptions {
  readonly baseUrl: () => Promise<string>;
  readonly tokens: ServerTokenSource;
  /** How long a pair stays in memory (default 60 s); it is never written anywhere. */
  readonly cacheMilliseconds?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const CACHE_SIZE = 10_000;

function metadataClient(options: MetadataSourceOptions) {
  return createServiceClient(metadataContract, {
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

/**
 * The pairs data asks for (`data`) and message-api asks for (`messages`), DESIGN.md §6.
 *
 * @example
 * const pairs = createMetadataPairSource({ baseUrl: locate('metadata'), tokens });
 * const pair = await pairs.pairOf(userid, 'data');
 */
export function createMetadataPairSource(options: MetadataSourceOptions): PrivatePairSource {
  const client = metadataClient(options);
  const cacheMilliseconds = options.cacheMilliseconds ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly pair: Pair; readonly expires: number }>();
  return {
    async pairOf(userid, name) {
      const key = `${userid}/${name}`;
      const cached = cache.get(key);
      if (cached !== undefined && cached.expires > now()) return cached.pair;
      const answer = await callDependency('metadata', () =>
        client.getPrivatePair({ params: { userid, name } }),
      );
      if (answer.status === 404) throw notFound('No account has this user id.');
      // ts-rest does not validate answers: a malformed pair must never become a key.
      if (answer.status !== 200 || !isPair(answer.body)) throw unexpectedAnswer('metadata', answer.status);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(key, { pair: answer.body, expires: now() + cacheMilliseconds });
      return answer.body;
    },
  };
}

/** Names from `GET /metadata/:userid/profile` (servers may read any profile); not cached, names change. */
export function createMetadataProfileNameSource(options: MetadataSourceOptions): ProfileNameSource {
  const client = metadataClient(options);
  return {
    async fullNameOf(userid) {
      const answer = await callDependency('metadata', () =>
        client.getCollection({ params: { userid, collection: 'profile' } }),
      );
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw unexpectedAnswer('metadata', answer.status);
      const profile = ProfileSchema.safeParse(answer.body);
      return profile.success ? profile.data.fullName : undefined;
    },
  };
}
