/** Writing data: upload, the uploads list, deleting an upload, erasing a deleted user (DESIGN.md §6, §9). */
import { notFound } from '@tidepool/kit';
import { mayUpload, mayView } from '@tidepool/service-runtime';
import { ingestData } from '../store/ingest.js';
import { deleteUpload, eraseUserData, listUploads } from '../store/uploads.js';
import {
  authorize,
  keysIfKnown,
  keysOf,
  MAY_NOT_UPLOAD,
  MAY_NOT_VIEW,
  type DataContext,
} from './data-context.js';
import type { DataHandlers } from './handler-types.js';

export function createUploadHandlers(
  context: DataContext,
): Pick<DataHandlers, 'uploadData' | 'listUploads' | 'deleteUpload' | 'eraseUser'> {
  return {
    uploadData: async ({ params, body, req }) => {
      await authorize(context, req, params.userid, mayUpload, MAY_NOT_UPLOAD);
      const keys = await keysOf(context, params.userid);
      const input = Array.isArray(body) ? body : [body];
      const result = await ingestData(context.db, keys, context, input);
      req.log.info(
        { received: input.length, stored: result.stored, duplicates: result.duplicates },
        'data uploaded',
      );
      return { status: 200, body: result };
    },

    listUploads: async ({ params, req }) => {
      await authorize(context, req, params.userid, mayView, MAY_NOT_VIEW);
      const keys = await keysIfKnown(context, params.userid);
      if (keys === undefined) return { status: 200, body: [] };
      return {
        status: 200,
        body: await listUploads(context.db, keys, context.readings),
      };
    },

    deleteUpload: async ({ params, req }) => {
      await authorize(context, req, params.userid, mayUpload, MAY_NOT_UPLOAD);
      const keys = await keysIfKnown(context, params.userid);
      if (keys === undefined || !(await deleteUpload(context.db, keys, params.uploadId))) {
        throw notFound('The user has no upload with this id.');
      }
      req.log.info('upload deleted');
      return { status: 204, body: undefined };
    },

    eraseUser: async ({ params, req }) => {
      // Servers only (the kit refuses user tokens on internal routes). Once the pair is gone
      // (metadata erased it), nothing can find the rows, and nothing could read them.
      const keys = await keysIfKnown(context, params.userid);
      const erased = keys === undefined ? 0 : await eraseUserData(context.db, keys.storageNames);
      req.log.info({ erased, pairKnown: keys !== undefined }, 'user data erased');
      return { status: 204, body: undefined };
    },
  };
}
