/**
 * The engine room's public surface: errors, storage, time, audit and the bundle format with its
 * registry. Other rooms import only from here.
 */

/** The one error class and the stable code table (code → HTTP status, CLI exit code). */
export { ERROR_CODES, EXIT_CONFLICT, EXIT_INTERNAL, EXIT_INVALID_INPUT, EXIT_OK, isErrorCode, type ErrorCode } from './errors/error-codes.js';
export { errorCodesMarkdown } from './errors/error-codes-doc.js';
export { FlowdeskError, asFlowdeskError, formatLocation, formatProblem, problemsError, type Problem, type ProblemLocation } from './errors/flowdesk-error.js';

/** Opening SQLite or MySQL/MariaDB from FLOWDESK_DATABASE_URL; migrations; the one transaction helper. */
export { openDatabase, parseDatabaseUrl, type Database, type DatabaseTarget, type Dialect } from './storage/database.js';
export { migrateToLatest, pendingMigrations } from './storage/migrate.js';
export { inTransaction, type Transaction } from './storage/transaction.js';

export { createManualClock, systemClock, type Clock } from './time/clock.js';
export { WEEKDAYS, createBusinessCalendar, isBusinessDuration, type BusinessCalendar, type CalendarSpec, type WeekPattern, type Weekday, type WorkingHours, type WorkingInterval } from './time/business-calendar.js';
export { appendAudit, listAudit, readAudit, type AuditEntry, type AuditFilter, type AuditRecord } from './audit/audit-log.js';
export { FLOWDESK_VERSION } from './version.js';

/** Reading bundles from folders and archives, under limits, with integrity and signature checks. */
export { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle/bundle-limits.js';
export { readBundleDirectory, type BundleFiles } from './bundle/bundle-files.js';
export { loadBundleFromArchive, loadBundleFromFiles, loadBundleFromPath, type LoadOptions, type LoadedBundle } from './bundle/bundle-source.js';
export { packBundle, sealManifest, sha256Hex, unpackBundle } from './bundle/bundle-archive.js';
export { keyIdOf, loadSigningKey, loadTrustedKeys, signManifest, type BundleSignature, type TrustedKeys } from './bundle/bundle-signature.js';
export { MANIFEST_FILE, SIGNATURE_FILE, safeBundlePath } from './bundle/bundle-path.js';

/** Validation of a whole bundle and the JSON Schemas behind it. */
export { createSchemaValidator, isTimeZone, type SchemaValidator } from './bundle/schema-validator.js';
export { assertValidBundle, errorsOf, validateBundle, type ValidationOptions, type ValidationResult } from './bundle/bundle-validator.js';
export type { BundleDefinitions, DefinitionIndex } from './bundle/bundle-definitions.js';
export { ALL_SCHEMAS, CONTENT_KINDS, KIND_SCHEMAS, type ContentKind, type Manifest } from './bundle/schemas/index.js';
/** The shapes of catalog, SLA and i18n files, for rooms that read installed bundles (catalog/). */
export { LOCALES, type CatalogApprovalLevel, type CatalogEntry, type CatalogFamily, type CatalogFile, type CatalogService, type CatalogSubcategory, type FormDefinition, type I18nFile, type Locale, type RecordTypeDefinition, type SlaFile } from './bundle/schemas/index.js';
/** Scenario tests (tests/*.json of a bundle): their shape, and the `$user:ann` tokens that stand for a world row's real id. */
export { SCENARIO_CHANNELS, SCENARIO_SLA_HEALTH, type ScenarioExpectationDefinition, type ScenarioFile, type ScenarioStepDefinition, type ScenarioWorldDefinition } from './bundle/schemas/index.js';
export { SCENARIO_WORLD_TOKEN } from './bundle/scenario-references.js';
export { addIsoDuration } from './bundle/iso-duration.js';
/** How search text is normalized (NFKC, lower case, single spaces), the same everywhere text is searched. */
export { normalizeSearchText } from './records/search-text.js';
export { flowdeskModdleDescriptor, FLOWDESK_BPMN_NAMESPACE } from './bundle/bpmn/flowdesk-moddle.js';
export { schemaDocuments } from './bundle/schemas/schema-documents.js';
export { readBpmn, type BpmnProcessInfo } from './bundle/bpmn/bpmn-reader.js';

/** The versioned registry and the differ. */
export { createBundleRegistry, type BundleRegistry, type ImportReport, type InstalledFiles, type InstalledVersion } from './bundle/bundle-registry.js';
export { diffBundles, type BundleDiff, type Bump, type DiffSide, type IdChanges } from './bundle/bundle-diff.js';

/** Generic records of the types bundles define: the store, the record types of installed bundles, the scope applied in SQL, attachment storage. */
export {
  applyScope,
  COMMENT_KINDS,
  createFileAttachmentStorage,
  createRecordStore,
  createRecordTypes,
  DEFAULT_ALLOWED_MEDIA_TYPES,
  DEFAULT_BLOCKED_EXTENSIONS,
  DEFAULT_RECORD_LIMITS,
  toRecordTypeInfo,
  type AttachmentStorage,
  type AttachmentView,
  type CommentKind,
  type CommentPage,
  type CommentView,
  type FieldFilter,
  type HistoryKind,
  type IdFilter,
  type NewAttachment,
  type NewRecord,
  type OpenedAttachment,
  type RecordChange,
  type RecordCountQuery,
  type RecordFilters,
  type RecordHistoryEntry,
  type RecordLimits,
  type RecordListQuery,
  type RecordPage,
  type RecordScope,
  type RecordSearchQuery,
  type RecordStore,
  type RecordObserver,
  type RecordWrite,
  type RecordStoreDeps,
  type RecordTypeInfo,
  type RecordTypeRegistry,
  type RecordTypes,
  type RecordTypeSource,
  type RecordTypesOptions,
  type RecordView,
  type Scalar,
  type ScopeTerm,
  type StoredBlob,
  type UpdateOptions,
  type WatcherView,
} from './records/index.js';

/** Durable jobs: scheduled in the business transaction, claimed with a lease, completed with their effect, retried with backoff until failed and visible. */
export {
  DEFAULT_MAX_ATTEMPTS,
  cancelJobs,
  createJobRunner,
  exponentialBackoff,
  listJobs,
  retryJob,
  scheduleJob,
  type Job,
  type JobContext,
  type JobError,
  type JobFilter,
  type JobHandler,
  type JobLogger,
  type JobRunner,
  type JobRunnerOptions,
  type JobSpec,
  type JobStatus,
  type RunTotals,
} from './jobs/index.js';
export {
  DEFAULT_STEP_LIMIT,
  createProcessRuntime,
  createRecordEffectWriter,
  type Actor,
  type HistoryEntry,
  type InstanceView,
  type ProcessEvent,
  type ProcessEventKind,
  type ProcessObserver,
  type ProcessRuntime,
  type RecordEffect,
  type RecordEffectWriter,
  type ScriptRunner,
  type StartOptions,
  type TaskFilter,
  type TaskView,
} from './process/index.js';
export { createInstalledDefinitions, type InstalledBundle, type InstalledDefinitions, type InstalledRegistry } from './bundle/installed-definitions.js';
export { createSlaDefinitionSource, type SlaDefinitions } from './sla/sla-definitions.js';
export { SLA_THRESHOLD_JOB, createSlaEngine, type SlaActionRunner, type SlaEngine, type SlaEngineDeps, type SlaThresholdEvent } from './sla/sla-engine.js';
export type { SlaClockView } from './sla/sla-store.js';
export type { SlaClockHealth, SlaClockStatus } from './sla/sla-clock.js';
export { createSlaActionRunner, type SlaActionDeps } from './sla/sla-actions.js';
export { SLA_PLUGIN_JOB, createSlaPluginJob, type SlaPluginDeps } from './sla/sla-plugin-job.js';
export { OLA_THRESHOLD_JOB, createOlaEngine, type OlaEngineDeps } from './sla/ola-engine.js';
export { SLA_FIELD_KEYWORD, slaFieldOf } from './sla/sla-goals.js';
export { SURVEY_AUTO_RATE_JOB, createSurveyEngine, type SurveyEngine, type SurveyEngineDeps } from './survey/survey-engine.js';
export { createSurveyDefinitionSource, type SurveyDefinitions } from './survey/survey-definitions.js';
export type { SurveyAnswer, SurveyView } from './survey/survey-responses.js';
/** Quality (KPI) rules of the installed bundles, evaluated per period and group in SQL under the caller's scope (docs/quality-and-surveys.md). */
export { createQualityDefinitionSource, type QualityDefinitions } from './quality/quality-definitions.js';
export { evaluateQuality, type QualityQuery, type QualityReport, type QualityRow } from './quality/quality-evaluation.js';
export { MAX_PERIODS, type ReportPeriod } from './quality/quality-periods.js';
export { NOTIFY_SEND_JOB, buildNotificationDefinitions, createNotificationEngine, taskValues, type EmailChannel, type NotificationDefinitions, type NotificationEngine, type NotificationEngineDeps } from './notify/notification-engine.js';
export { localeOf, type CanRead, type Recipient } from './notify/notification-recipients.js';
export { renderMessage, type RenderedMessage } from './notify/notification-templates.js';
export { listInbox, markInboxRead, type InboxNotification } from './notify/inbox.js';
export { DEFAULT_OUTBOUND_POLICY, checkedAddress, postChecked, type OutboundPolicy } from './notify/outbound-http.js';
export { slaAchievement, type SlaAchievementQuery, type SlaAchievementRow } from './sla/sla-report.js';
export { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, signDelivery, type WebhookEndpoint } from './notify/webhooks.js';
export { parseBundleJson } from './bundle/json-reader.js';
export { sanitizeRichText, withSanitizedRichText } from './process/rich-text-fields.js';
