/** The data contract: device data upload, query and summaries (DESIGN.md §6, §9), served under `/data`. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { UploadIdSchema, UserIdSchema } from '../common/ids.js';
import { problem, problemResponses } from '../common/problem-responses.js';
import { internalRoute, publicRoute } from '../common/route-meta.js';
import { serviceStatusRoutes } from '../common/service-status.js';
import { DataQuerySchema } from './data-query.js';
import { StoredDatumSchema } from './datum.js';
import { SummaryQuerySchema, SummarySchema } from './summary.js';
import { UploadBodySchema, UploadRecordSchema, UploadResultSchema } from './upload-result.js';

const c = initContract();

const userParams = z.object({ userid: UserIdSchema });
const mayNotView = problem('Reading data needs view, custodian or root on the user.');

/**
 * Every route of data, as data serves them (no `/data` prefix). Routes whose first segment is
 * a literal (`status`, `summary`, `uploads`, `internal`) come before `/:userid`.
 */
export const dataContract = c.router(
  {
    ...serviceStatusRoutes,
    getSummary: {
      method: 'GET',
      path: '/summary/:userid',
      pathParams: userParams,
      query: SummaryQuerySchema,
      summary: 'Summarise glucose over a time range',
      description:
        'Mean, variability, GMI and time in ranges of the glucose readings between `startDate` ' +
        'and `endDate`, in `units` (mmol/L unless asked). Fractions are 0–1.',
      responses: {
        200: SummarySchema,
        ...problemResponses(400, 401),
        403: mayNotView,
        404: problem('No glucose reading in the range.'),
      },
      metadata: publicRoute('user', {
        examples: { query: { startDate: '2024-05-01T00:00:00Z', endDate: '2024-05-15T00:00:00Z' } },
      }),
    },
    listUploads: {
      method: 'GET',
      path: '/uploads/:userid',
      pathParams: userParams,
      summary: 'List the uploads of a user',
      description: 'Every upload with the span of its data, newest first.',
      responses: { 200: z.array(UploadRecordSchema), ...problemResponses(401), 403: mayNotView },
      metadata: publicRoute('user'),
    },
    deleteUpload: {
      method: 'DELETE',
      path: '/uploads/:userid/:uploadId',
      pathParams: z.object({ userid: UserIdSchema, uploadId: UploadIdSchema }),
      summary: 'Delete an upload',
      description: 'Deletes every datum of the upload. Needs upload, custodian or root on the user.',
      body: c.noBody(),
      responses: {
        204: c.noBody(),
        ...problemResponses(401),
        403: problem('Deleting data needs upload, custodian or root on the user.'),
        404: problem('The user has no upload with this id.'),
      },
      metadata: publicRoute('user'),
    },
    eraseUser: {
      method: 'DELETE',
      path: '/internal/users/:userid',
      pathParams: userParams,
      summary: 'Erase the data of a deleted user',
      description:
        'Deletes every datum of the user; what is left anywhere is unreadable once their `data` ' +
        'pair is gone (crypto-shredding).',
      body: c.noBody(),
      responses: { 204: c.noBody(), ...problemResponses(401), 403: problem('Only servers may erase users.') },
      metadata: internalRoute('server'),
    },
    uploadData: {
      method: 'POST',
      path: '/:userid',
      pathParams: userParams,
      summary: 'Upload device data',
      description:
        'Stores one datum or an array of up to 10000, all or nothing. An array may carry its ' +
        '`upload` record together with the readings that name it by `uploadId`. mg/dL values are ' +
        'stored as mmol/L. A 400 names each invalid datum by index (`errors[].path` like `3.value`). ' +
        'Needs upload, custodian or root on the user.',
      body: UploadBodySchema,
      responses: {
        200: UploadResultSchema,
        ...problemResponses(400, 401),
        403: problem('Uploading needs upload, custodian or root on the user.'),
        404: problem('The user has no account (a server uploading for an unknown user id).'),
        ...problemResponses(413),
      },
      metadata: publicRoute('user', {
        // Every datum, the upload record included, is stored once: a repeat is counted as duplicates.
        idempotent: true,
        examples: {
          body: [
            {
              type: 'cbg',
              time: '2024-05-01T08:30:00Z',
              timezoneOffset: 120,
              deviceId: 'DexG6_ABC123',
              uploadId: 'upload-2024-05-01',
              units: 'mg/dL',
              value: 112,
            },
          ],
        },
      }),
    },
    queryData: {
      method: 'GET',
      path: '/:userid',
      pathParams: userParams,
      query: DataQuerySchema,
      summary: 'Query device data',
      description: 'The data matching every filter, sorted by `time`; glucose in mmol/L.',
      responses: { 200: z.array(StoredDatumSchema), ...problemResponses(400, 401), 403: mayNotView },
      metadata: publicRoute('user', {
        examples: { query: { type: 'cbg,smbg', startDate: '2024-05-01T00:00:00Z' } },
      }),
    },
  },
  { strictStatusCodes: true, commonResponses: problemResponses(500) },
);
