/** @tidepool/spec: the ts-rest contracts and zod schemas of every route of the platform. */

// Common pieces.
export {
  FieldErrorSchema,
  PROBLEM_CODES,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_STATUS,
  ProblemCodeSchema,
  ProblemSchema,
} from './common/problem.js';
export type { FieldError, Problem, ProblemCode } from './common/problem.js';
export { fieldErrorsFromZodError } from './common/field-errors.js';
export {
  ERROR_STATUS_DESCRIPTIONS,
  isProblemResponse,
  problem,
  problemResponses,
} from './common/problem-responses.js';
export type { ErrorStatus } from './common/problem-responses.js';
export { internalRoute, isInternalRoute, publicRoute, routeMeta } from './common/route-meta.js';
export type { RouteAuth, RouteExamples, RouteMeta, RouteOptions } from './common/route-meta.js';
export {
  REQUEST_ID_HEADER,
  SERVER_NAME_HEADER,
  SERVER_SECRET_HEADER,
  SESSION_TOKEN_HEADER,
} from './common/headers.js';
export {
  EmailSchema,
  InvitationIdSchema,
  MessageIdSchema,
  OpaqueIdSchema,
  ServerNameSchema,
  SessionIdSchema,
  UploadIdSchema,
  UserIdSchema,
} from './common/ids.js';
export type {
  Email,
  InvitationId,
  MessageId,
  ServerName,
  SessionId,
  UploadId,
  UserId,
} from './common/ids.js';
export {
  CalendarDateSchema,
  DateTimeSchema,
  LocalDateTimeSchema,
  TimeZoneNameSchema,
} from './common/time.js';
export type { CalendarDate, DateTime } from './common/time.js';
export {
  PERMISSION_NAMES,
  PermissionSchema,
  PermissionsByUserSchema,
  PermissionsSchema,
} from './common/permissions.js';
export type { PermissionName, Permissions, PermissionsByUser } from './common/permissions.js';
export { PairSchema } from './common/private-pair.js';
export type { Pair } from './common/private-pair.js';
export { ServiceStatusSchema, serviceStatusRoutes } from './common/service-status.js';
export type { ServiceStatus } from './common/service-status.js';
export type { PrefixedRoute, PrefixedRouter } from './common/prefixed-router.js';

// user-api.
export { userApiContract } from './user-api/contract.js';
export {
  DeleteUserBodySchema,
  EmailListSchema,
  PasswordSchema,
  SignupBodySchema,
  UpdateUserBodySchema,
  UserSchema,
  UserUpdatesSchema,
  UsernameSchema,
} from './user-api/user.js';
export type { DeleteUserBody, SignupBody, UpdateUserBody, User, UserUpdates } from './user-api/user.js';
export {
  LogoutEverywhereResultSchema,
  RefreshedSessionSchema,
  RevocationEventSchema,
  ServerLoginResultSchema,
  SessionSchema,
  SessionTokenSchema,
  TokenInfoSchema,
} from './user-api/session.js';
export type {
  LogoutEverywhereResult,
  RefreshedSession,
  RevocationEvent,
  ServerLoginResult,
  Session,
  TokenInfo,
} from './user-api/session.js';
export {
  EmailTokenSchema,
  EmailVerificationConfirmationSchema,
  PasswordResetConfirmationSchema,
  PasswordResetRequestSchema,
} from './user-api/email-token.js';
export type {
  EmailVerificationConfirmation,
  PasswordResetConfirmation,
  PasswordResetRequest,
} from './user-api/email-token.js';
export {
  MailKindSchema,
  OutboxMessageSchema,
  OutboxQuerySchema,
  OutboxSchema,
  SendMailBodySchema,
} from './user-api/outbox.js';
export type { MailKind, Outbox, OutboxMessage, OutboxQuery, SendMailBody } from './user-api/outbox.js';

// metadata.
export { metadataContract } from './metadata/contract.js';
export {
  COLLECTION_NAMES,
  CollectionNameSchema,
  CollectionPatchSchema,
  CollectionSchema,
} from './metadata/collection.js';
export type { Collection, CollectionName, CollectionPatch } from './metadata/collection.js';
export { PatientProfileSchema, ProfileSchema } from './metadata/profile.js';
export type { PatientProfile, Profile } from './metadata/profile.js';
export { SharedUserSchema } from './metadata/shared-user.js';
export type { SharedUser } from './metadata/shared-user.js';
export { PairNameSchema } from './metadata/pair-name.js';
export type { PairName } from './metadata/pair-name.js';
export { ReencryptBodySchema, ReencryptResultSchema } from './metadata/reencryption.js';
export type { ReencryptBody, ReencryptResult } from './metadata/reencryption.js';

// access.
export { accessContract } from './access/contract.js';
export {
  INVITATION_STATUSES,
  InvitationSchema,
  InvitationStatusSchema,
  OfferedPermissionsSchema,
  SendInvitationBodySchema,
} from './access/invitation.js';
export type { Invitation, InvitationStatus, SendInvitationBody } from './access/invitation.js';

// data.
export { dataContract } from './data/contract.js';
export {
  AlertSchema,
  BasalSchema,
  BloodKetoneSchema,
  BolusSchema,
  CbgSchema,
  CgmSettingsSchema,
  ControllerSettingsSchema,
  ControllerStatusSchema,
  DATUM_TYPES,
  DatumSchema,
  DatumTypeSchema,
  DeviceEventSchema,
  DosingDecisionSchema,
  FoodSchema,
  InsulinSchema,
  PhysicalActivitySchema,
  PumpSettingsSchema,
  PumpStatusSchema,
  ReportedStateSchema,
  SmbgSchema,
  StoredDatumSchema,
  UploadDatumSchema,
  WaterSchema,
  WizardSchema,
} from './data/datum.js';
export type {
  Alert,
  Basal,
  BloodKetone,
  Bolus,
  Cbg,
  CgmSettings,
  ControllerSettings,
  ControllerStatus,
  Datum,
  DatumType,
  DeviceEvent,
  DosingDecision,
  Food,
  Insulin,
  PhysicalActivity,
  PumpSettings,
  PumpStatus,
  ReportedState,
  Smbg,
  StoredDatum,
  UploadDatum,
  Water,
  Wizard,
} from './data/datum.js';
export { datumRuleProblems } from './data/datum-rules.js';
export type { DatumRuleProblem } from './data/datum-rules.js';
export {
  GLUCOSE_MAXIMUM,
  GlucoseUnitsSchema,
  MMOL_L_TO_MG_DL,
  glucoseRangeProblem,
  isMilligramsPerDeciliter,
  toMillimolesPerLiter,
} from './data/glucose.js';
export type { GlucoseUnits } from './data/glucose.js';
export { AnnotationSchema } from './data/base-datum.js';
export { GlucoseTargetSchema } from './data/wizard.js';
export { DEVICE_EVENT_SUBTYPES } from './data/device-event.js';
export { DEVICE_TAGS } from './data/upload-datum.js';
export { DataQuerySchema, QueryBooleanSchema } from './data/data-query.js';
export type { DataQuery } from './data/data-query.js';
export { SummaryQuerySchema, SummarySchema } from './data/summary.js';
export type { Summary, SummaryQuery } from './data/summary.js';
export {
  MAXIMUM_DATA_PER_REQUEST,
  UploadBodySchema,
  UploadRecordSchema,
  UploadResultSchema,
} from './data/upload-result.js';
export type { UploadBody, UploadRecord, UploadResult } from './data/upload-result.js';
export { PLAIN_READING_FIELDS, PLAIN_READING_RECORD_FIELDS } from './data/plain-readings.js';

// message-api.
export { messageApiContract } from './message-api/contract.js';
export {
  CreatedMessageSchema,
  EditMessageBodySchema,
  EmptyMessageListSchema,
  MessageEnvelopeSchema,
  MessageListSchema,
  MessageRangeQuerySchema,
  MessageSchema,
  NewMessageBodySchema,
} from './message-api/message.js';
export type {
  CreatedMessage,
  EditMessageBody,
  EmptyMessageList,
  Message,
  MessageEnvelope,
  MessageList,
  MessageRangeQuery,
  NewMessageBody,
} from './message-api/message.js';

// hakken.
export { hakkenContract } from './hakken/contract.js';
export {
  HostPortSchema,
  ListingSchema,
  ListingSnapshotSchema,
  ProtocolSchema,
  PublishResultSchema,
  ServiceNameSchema,
} from './hakken/listing.js';
export type { Listing, ListingSnapshot, PublishResult, ServiceName } from './hakken/listing.js';
export {
  CoordinatorAnnouncementSchema,
  CoordinatorSchema,
  ReplicationBodySchema,
  WatchEventSchema,
  WatchQuerySchema,
} from './hakken/coordinator.js';
export type {
  Coordinator,
  CoordinatorAnnouncement,
  ReplicationBody,
  WatchEvent,
  WatchQuery,
} from './hakken/coordinator.js';

// shio.
export { shioContract } from './shio/contract.js';
export {
  BundleSchema,
  LoadBundleBodySchema,
  SLOT_STATES,
  ServerSchema,
  SlotLogsQuerySchema,
  SlotLogsSchema,
  SlotNameSchema,
  SlotSchema,
  SlotStateSchema,
} from './shio/slot.js';
export type { Bundle, LoadBundleBody, Server, Slot, SlotLogs, SlotName, SlotState } from './shio/slot.js';

// The platform.
export { platformContract } from './platform.js';
export type { PlatformContract } from './platform.js';
export { SERVICES } from './services.js';
export type { ContractServiceName, ServiceEntry } from './services.js';

// Types of public.json, generated by openapi-typescript (`npm run spec`).
export type * as PublicApi from './openapi/public.generated.js';
