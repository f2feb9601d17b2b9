/** `GET|PUT|POST /:userid/:collection`: the profile, preferences and settings, merged as RFC 7396 says (DESIGN.md §9). */
import { notFound, validationFailed } from '@tidepool/kit';
import {
  fieldErrorsFromZodError,
  ProfileSchema,
  type Collection,
  type CollectionName,
  type CollectionPatch,
} from '@tidepool/spec';
import type { Request } from 'express';
import { mergePatch } from '../documents/merge-patch.js';
import { emptyDocument, type MetadataDocument } from '../documents/metadata-document.js';
import { assertMayUseCollection, requireMetaPair } from './caller-rules.js';
import type { MetadataContext, MetadataHandlers } from './handler-types.js';

type CollectionHandlers = Pick<MetadataHandlers, 'getCollection' | 'updateCollection' | 'mergeCollection'>;

/** The merged collection, or a 400 problem naming every invalid field when a profile would be invalid. */
function merged(document: MetadataDocument, name: CollectionName, patch: CollectionPatch): Collection {
  const collection = mergePatch(document[name] ?? {}, patch);
  if (name === 'profile') {
    const profile = ProfileSchema.safeParse(collection);
    if (!profile.success) {
      throw validationFailed(
        fieldErrorsFromZodError('body', profile.error),
        'The profile after the merge is not a valid profile; nothing was stored.',
      );
    }
  }
  return collection;
}

/** The collection handlers; `private` is not a collection name, so no route reaches the pairs. */
export function createCollectionHandlers(context: MetadataContext): CollectionHandlers {
  const { permissions, store } = context;

  async function merge(request: Request, userid: string, name: CollectionName, patch: CollectionPatch) {
    await assertMayUseCollection(request, permissions, userid, name, 'write');
    const meta = await requireMetaPair(context, userid);
    const collection = await store.update(meta, (stored) => {
      const document = stored ?? emptyDocument();
      const result = merged(document, name, patch);
      return { document: { ...document, [name]: result }, result };
    });
    request.log.info({ collection: name }, 'merged a collection');
    return { status: 200 as const, body: collection };
  }

  return {
    getCollection: async ({ params, req }) => {
      await assertMayUseCollection(req, permissions, params.userid, params.collection, 'read');
      const meta = await requireMetaPair(context, params.userid);
      const collection = (await store.read(meta))?.[params.collection];
      if (collection === undefined) throw notFound(`The user has no ${params.collection} yet.`);
      return { status: 200, body: collection };
    },
    updateCollection: ({ params, body, req }) => merge(req, params.userid, params.collection, body),
    mergeCollection: ({ params, body, req }) => merge(req, params.userid, params.collection, body),
  };
}
