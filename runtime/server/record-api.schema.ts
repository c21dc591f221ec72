/**
 * How records and what hangs off them look in the API (TypeBox schemas for the OpenAPI document),
 * and the path and query shapes every record endpoint shares. Views come from engine/records as
 * they are; nothing here holds a secret.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Nullable } from './api-route.js';

const Id = Type.String();
const Instant = Type.String({ format: 'date-time' });

/** A record type id as bundles write it. */
export const TypeId = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });
/** A record's id (UUID) or human number (`TKT-000042`, any case). */
export const RecordKey = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$', description: "The record's id or its human number." });
/** An id of an organization, person, team or user. */
export const RefId = Type.String({ minLength: 1, maxLength: 36 });

export const TypeParams = Type.Object({ type: TypeId }, { additionalProperties: false });
export const RecordParams = Type.Object({ type: TypeId, key: RecordKey }, { additionalProperties: false });

export const RecordView = Type.Object({
  id: Id,
  type: Type.String(),
  number: Type.String({ description: 'The human number, e.g. TKT-000042.' }),
  organizationId: Id,
  callerId: Nullable(Id),
  createdBy: Type.String(),
  teamId: Nullable(Id),
  assigneeId: Nullable(Id),
  state: Type.String(),
  title: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer({ description: 'Sent as the ETag; send it back in If-Match to change the record.' }),
  createdAt: Instant,
  updatedAt: Instant,
});

export const RecordPage = Type.Object({
  items: Type.Array(RecordView),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
});

export const HistoryEntry = Type.Object({
  id: Id,
  recordId: Id,
  version: Type.Integer(),
  kind: Type.String({ description: 'created, field, state, organization, caller, team or assignee.' }),
  field: Nullable(Type.String()),
  oldValue: Type.Unknown(),
  newValue: Type.Unknown(),
  actor: Type.String(),
  at: Instant,
});

export const CommentView = Type.Object({
  id: Id,
  recordId: Id,
  kind: Type.Union([Type.Literal('reply'), Type.Literal('work-note')]),
  body: Type.String({ description: 'Plain text, never markup.' }),
  authorId: Type.String(),
  createdAt: Instant,
});

export const AttachmentView = Type.Object({
  id: Id,
  recordId: Id,
  commentId: Nullable(Id),
  fileName: Type.String({ description: 'The uploaded name, cleaned; for display only.' }),
  mediaType: Type.String({ description: 'Sniffed from the content, not taken from the client.' }),
  size: Type.Integer(),
  sha256: Type.String(),
  createdBy: Type.String(),
  createdAt: Instant,
});

export const WatcherView = Type.Object({ personId: Id, addedBy: Type.String(), createdAt: Instant });

export const RecordTypeView = Type.Object({
  id: Type.String(),
  bundle: Type.String(),
  titleKey: Type.String(),
  numberPrefix: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown(), { description: "The JSON Schema of the type's fields." }),
  states: Type.Array(Type.Object({ id: Type.String(), titleKey: Type.String(), isFinal: Type.Optional(Type.Boolean()), editable: Type.Optional(Type.Array(Type.String(), { description: 'The fields that may be changed directly in this state; absent: all.' })) })),
  listColumns: Type.Array(Type.String()),
  indexed: Type.Array(Type.String({ description: 'Fields lists can filter and sort on.' })),
  actions: Type.Array(Type.String(), { description: "What the caller's grants allow on records of this type." }),
  writableFields: Type.Union([Type.Array(Type.String()), Type.Null()], { description: "The fields the caller's grants let them change (null: all; empty without the update grant)." }),
});

const IdFilter = Type.Union([Type.String({ maxLength: 36 }), Type.Array(Type.String({ maxLength: 36 }), { maxItems: 100 })], {
  description: 'One id or several (repeat the parameter); empty for "none" where a record may have none.',
});
const FieldValue = Type.Union([Type.String({ maxLength: 255 }), Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 })]);

/**
 * `field.<name>=v` (repeat for any of several) and `field.<name>.gt|gte|lt|lte=v` filter on the
 * type's indexed fields.
 */
export const FIELD_FILTER_PATTERN = '^field\\.[A-Za-z][A-Za-z0-9_]{0,99}(\\.(gt|gte|lt|lte))?$';

/** The filters of lists, counts and exports, as query parameters. */
export const filterProperties = {
  state: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })])),
  organizationId: Type.Optional(IdFilter),
  callerId: Type.Optional(IdFilter),
  teamId: Type.Optional(IdFilter),
  assigneeId: Type.Optional(IdFilter),
  createdBy: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })])),
};

/** A query object of `properties` plus the field filters, closed to anything else. */
export function filterQuery<T extends Record<string, TSchema>>(properties: T, description: string) {
  return Type.Object({ ...filterProperties, ...properties }, { additionalProperties: false, patternProperties: { [FIELD_FILTER_PATTERN]: FieldValue }, description });
}

export const Sort = Type.String({ maxLength: 110, description: '`key` ascending or `-key` descending: number, createdAt, updatedAt, state, fields.<indexed field>. Default -updatedAt.' });
export const Cursor = Type.String({ maxLength: 2048, description: 'The nextCursor of the previous page (made for the same sort).' });

/** The query of a page read after the last item of the previous one (comments, history). */
export function afterPageQuery(item: string) {
  return Type.Object({
    after: Type.Optional(Type.String({ maxLength: 36, description: `The last ${item} id of the previous page.` })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  });
}

/** The store's paging options from an `afterPageQuery`, leaving out what was not sent. */
export function afterPageOptions(query: { after?: string; limit?: number }): { after?: string; limit?: number } {
  return { ...(query.after ? { after: query.after } : {}), ...(query.limit ? { limit: query.limit } : {}) };
}
