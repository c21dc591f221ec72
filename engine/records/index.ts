/**
 * Generic records: instances of the record types bundles define, with human numbers, indexed
 * fields, search (Chinese and English), history, comments, attachments and watchers. Access is
 * scoped inside the SQL of every query.
 */

/** The store: `createRecordStore({ db, clock, types, attachments, limits? })`. */
export { createRecordStore, type RecordStore } from './record-store.js';
export type { RecordStoreDeps } from './record-context.js';
export { DEFAULT_ALLOWED_MEDIA_TYPES, DEFAULT_BLOCKED_EXTENSIONS, DEFAULT_RECORD_LIMITS, type RecordLimits } from './record-limits.js';

/** What records a query may touch, decided by runtime/access and applied here in SQL. */
export { applyScope, type RecordScope, type ScopeTerm } from './record-scope.js';

/** Record types of the installed bundles, cached per installed-version set. */
export { createRecordTypes, toRecordTypeInfo, type RecordTypeInfo, type RecordTypeRegistry, type RecordTypes, type RecordTypeSource, type RecordTypesOptions } from './record-types.js';

/** Shapes of commands, queries and views. */
export type { NewRecord, RecordChange, UpdateOptions } from './record-commands.js';
export type { RecordObserver, RecordWrite } from './record-observers.js';
export type { RecordCountQuery, RecordListQuery, RecordSearchQuery } from './record-queries.js';
export type { IdFilter, RecordFilters } from './record-filters.js';
export type { FieldFilter, Scalar } from './record-values.js';
export type { RecordPage, RecordView } from './record-view.js';
export type { HistoryKind, RecordHistoryEntry } from './record-history.js';
export { COMMENT_KINDS, type CommentKind, type CommentPage, type CommentView } from './record-comments.js';
export type { WatcherView } from './record-watchers.js';

/** Attachments: the storage interface and the file-system storage. */
export type { AttachmentView, NewAttachment, OpenedAttachment } from './record-attachments.js';
export { createFileAttachmentStorage, type AttachmentStorage, type StoredBlob } from './attachment-storage.js';
