/** @tidepool/sdk: a typed client of the Tidepool platform for Node 20+ and browsers. */
export { createClient, TidepoolClient } from './create-client.js';
export type { ClientOptions, Clock, FetchFunction } from './options/client-options.js';
export type { RequestOptions } from './options/request-options.js';
export type { RetryOptions } from './transport/retry-policy.js';

export { AuthApi } from './api/auth-api.js';
export { MetadataApi } from './api/metadata-api.js';
export { AccessApi } from './api/access-api.js';
export { InvitationsApi } from './api/invitations-api.js';
export { DataApi } from './api/data-api.js';
export type { DataQueryInput, SummaryQueryInput } from './api/data-api.js';
export { MessagesApi } from './api/messages-api.js';
export type { MessageChanges, NewMessage } from './api/messages-api.js';

// Device files: parsing Clarity CSV and Tidepool JSON exports, and uploading them in batches.
export { parseClarityCsv } from './import/parse-clarity-csv.js';
export type { ClarityCsvOptions, ClarityFile } from './import/parse-clarity-csv.js';
export { parseTidepoolJson } from './import/parse-tidepool-json.js';
export { DeviceFileError, SDK_IMPORT_CLIENT } from './import/device-file.js';
export { deviceFileContents } from './import/device-file-contents.js';
export type { DeviceFileTypeCount } from './import/device-file-contents.js';
export type { DeviceFile, ImportClient, SkippedLine } from './import/device-file.js';
export { uploadInBatches, UploadInterruptedError } from './import/upload-in-batches.js';
export type {
  RejectedBatch,
  UploadInBatchesOptions,
  UploadProgress,
  UploadTotals,
} from './import/upload-in-batches.js';

export { ActiveSession } from './session/active-session.js';
export type { SessionChange, SessionChangeReason } from './session/session-manager.js';
export { webStorageAdapter } from './session/session-storage.js';
export type { SessionStorage, WebStorageLike } from './session/session-storage.js';

export {
  BadRequestError,
  ConflictError,
  ConnectionError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TidepoolError,
  TimeoutError,
  UnauthorizedError,
} from './errors/tidepool-error.js';
export type { ClientErrorCode, TidepoolErrorCode } from './errors/tidepool-error.js';

// The shapes the methods take and answer, from the contracts, so that callers need one import.
export type {
  Collection,
  CollectionName,
  CollectionPatch,
  CreatedMessage,
  Datum,
  FieldError,
  Invitation,
  Message,
  MessageEnvelope,
  MessageList,
  Permissions,
  PermissionsByUser,
  Problem,
  ProblemCode,
  Profile,
  ServiceStatus,
  SharedUser,
  SignupBody,
  StoredDatum,
  Summary,
  UploadBody,
  UploadDatum,
  UploadRecord,
  UploadResult,
  User,
  UserUpdates,
} from '@tidepool/spec';
