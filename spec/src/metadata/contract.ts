/** The metadata contract: profile, preferences, settings and the private pairs (DESIGN.md §6, §9), served under `/metadata`. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { UserIdSchema } from '../common/ids.js';
import { PairSchema } from '../common/private-pair.js';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import { CollectionNameSchema, CollectionPatchSchema, CollectionSchema } from './collection.js';
import { PairNameSchema } from './pair-name.js';
import { ReencryptBodySchema, ReencryptResultSchema } from './reencryption.js';
import { SharedUserSchema } from './shared-user.js';

const c = initContract();

const userParams = z.object({ userid: UserIdSchema });
const collectionParams = z.object({ userid: UserIdSchema, collection: CollectionNameSchema });
const serversOnly = problem('Only servers may call this route.');
const invalidPatch = problem('The body is not a JSON object, or the merged profile is not a valid Profile.');
const mergeDescription =
  'Merges the body into the collection as a JSON merge patch (RFC 7396): each key replaces the ' +
  'stored value, nested objects merge, and a `null` value removes the key. Creates the ' +
  'collection when absent. Needs root or custodian on the user; servers may change any.';

/** Every route of metadata, as metadata serves them (no `/metadata` prefix). */
export const metadataContract = c.router(
  {
    ...serviceStatusRoutes,
    // Literal first segments come before `/:userid/:collection`, which would match them too.
    listUsers: {
      method: 'GET',
      path: '/users/:userid/users',
      pathParams: userParams,
      summary: 'List the people a user shares with',
      description:
        'Everyone who shares data with the user or with whom the user shares, with their name ' +
        'and the permissions both ways. Only the user themself (or a server) may ask.',
      responses: { 200: z.array(SharedUserSchema), ...problemResponses(401, 403) },
      metadata: publicRoute('user'),
    },
    getPrivatePair: {
      method: 'GET',
      path: '/internal/users/:userid/pairs/:name',
      pathParams: z.object({ userid: UserIdSchema, name: PairNameSchema }),
      summary: 'Get a private pair of a user',
      description:
        'The pair for one portion of the user’s data (`data`, `messages`, …), created from a ' +
        'CSPRNG on first request. data asks for `data`, message-api for `messages`. Never log it.',
      responses: {
        200: PairSchema,
        ...problemResponses(400, 401),
        403: serversOnly,
        404: problem('No account has this user id.'),
      },
      metadata: internalRoute('server'),
    },
    eraseUser: {
      method: 'DELETE',
      path: '/internal/users/:userid',
      pathParams: userParams,
      summary: 'Erase the metadata of a deleted user',
      description:
        'Deletes the metadata document and with it every pair inside it, so that what was ' +
        'encrypted under them is unreadable (crypto-shredding). Succeeds when nothing is stored.',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(401), 403: serversOnly },
      metadata: internalRoute('server'),
    },
    reencryptAll: {
      method: 'POST',
      path: '/internal/reencrypt',
      summary: 'Re-encrypt a batch under the newest salt version',
      description:
        'One batch of a salt rotation: walks the next `limit` accounts (from a cursor kept by ' +
        'metadata) and re-encrypts their documents still under an older version of ' +
        '`METADATA_SALT_DEPLOY` under the newest. Call until `remaining` is 0, or until a whole ' +
        'pass (`passFinished` twice) moved nothing.',
      body: ReencryptBodySchema,
      responses: { 200: ReencryptResultSchema, ...problemResponses(400, 401), 403: serversOnly },
      metadata: internalRoute('server', { examples: { body: { limit: 100 } } }),
    },
    getCollection: {
      method: 'GET',
      path: '/:userid/:collection',
      pathParams: collectionParams,
      summary: 'Get a collection of a user’s metadata',
      description:
        'The `profile`, `preferences` or `settings` of the user. The profile needs root, ' +
        'custodian, admin or view on the user; preferences and settings need root or custodian. ' +
        'Servers may read any.',
      responses: {
        200: CollectionSchema,
        ...problemResponses(401, 403),
        404: problem('The user has no such collection yet, or no such user exists.'),
      },
      metadata: publicRoute('user'),
    },
    updateCollection: {
      method: 'PUT',
      path: '/:userid/:collection',
      pathParams: collectionParams,
      summary: 'Merge changes into a collection',
      description: `${mergeDescription} Same as POST (Tidepool clients use both).`,
      body: CollectionPatchSchema,
      responses: {
        200: CollectionSchema.describe('The collection after the merge.'),
        400: invalidPatch,
        ...problemResponses(401, 403, 404, 413),
      },
      metadata: publicRoute('user', { examples: { body: { fullName: 'Jane Doe' } } }),
    },
    mergeCollection: {
      method: 'POST',
      path: '/:userid/:collection',
      pathParams: collectionParams,
      summary: 'Merge changes into a collection',
      description: `${mergeDescription} Same as PUT (Tidepool clients use both).`,
      body: CollectionPatchSchema,
      responses: {
        200: CollectionSchema.describe('The collection after the merge.'),
        400: invalidPatch,
        ...problemResponses(401, 403, 404, 413),
      },
      metadata: publicRoute('user', {
        examples: { body: { patient: { birthday: '1990-04-12', diagnosisType: 'type1', about: null } } },
      }),
    },
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
