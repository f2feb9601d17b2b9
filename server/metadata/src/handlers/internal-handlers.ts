/** Routes for servers only: private pairs, erasing a deleted user, re-encryption batches (DESIGN.md §6). */
import { createPair } from '@tidepool/kit';
import { emptyDocument } from '../documents/metadata-document.js';
import { requireMetaPair } from './caller-rules.js';
import type { MetadataContext, MetadataHandlers } from './handler-types.js';

type InternalHandlers = Pick<MetadataHandlers, 'getPrivatePair' | 'eraseUser' | 'reencryptAll'>;

const DEFAULT_REENCRYPT_LIMIT = 100;

/** The auth middleware has refused every caller but servers (route auth `server`). */
export function createInternalHandlers(context: MetadataContext): InternalHandlers {
  const { store, accounts } = context;

  return {
    getPrivatePair: async ({ params }) => {
      const meta = await requireMetaPair(context, params.userid);
      const existing = (await store.read(meta))?.private[params.name];
      if (existing !== undefined) return { status: 200, body: existing };
      // Created under the document's row lock: two first requests at once get the same pair.
      const pair = await store.update(meta, (stored) => {
        const document = stored ?? emptyDocument();
        const found = document.private[params.name];
        if (found !== undefined) return { result: found };
        const created = createPair();
        return {
          document: { ...document, private: { ...document.private, [params.name]: created } },
          result: created,
        };
      });
      return { status: 200, body: pair };
    },

    // Works while user-api still answers the pair from the deleted user's tombstone: user-api
    // keeps it until metadata, erased last, has acknowledged.
    eraseUser: async ({ params, req }) => {
      await context.saltCheck.verify();
      const meta = await accounts.metaPairOf(params.userid);
      if (meta !== undefined) {
        const removed = await store.erase(meta);
        accounts.forget(params.userid);
        req.log.info({ removed }, 'erased the metadata of a deleted user');
      }
      return { status: 204, body: undefined };
    },

    reencryptAll: async ({ body, req }) => {
      await context.saltCheck.verify();
      const result = await context.reencryption.runBatch(body.limit ?? DEFAULT_REENCRYPT_LIMIT);
      req.log.info(result, 're-encrypted a batch of metadata documents');
      return { status: 200, body: result };
    },
  };
}
