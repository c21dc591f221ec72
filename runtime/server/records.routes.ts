/**
 * The record endpoints: the record types a caller may use, create, read, change (If-Match), list
 * with filters, sorting and cursor paging, count, and history; with comments, attachments,
 * watchers, search and export from their own files. Every query carries the caller's scope for
 * the type and action in its SQL (engine/records); every id a caller sends — placement,
 * references inside the fields — is checked before anything is written; every write is audited
 * by the store in its transaction.
 */
import { Type } from '@sinclair/typebox';
import type { Request, Response } from 'express';
import { DEFAULT_RECORD_LIMITS, FlowdeskError, withSanitizedRichText, type Clock, type RecordStore, type RecordTypes, type RecordView, type SlaEngine, type SurveyEngine, type Database } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { RecordAccess } from '../access/record-access.js';
import { Nullable, route, type ApiRoute } from './api-route.js';
import { API_BASE_PATH } from './app.js';
import { Cursor, HistoryEntry, afterPageOptions, afterPageQuery, RecordPage, RecordParams, RecordTypeView, RecordView as RecordViewSchema, RefId, Sort, TypeParams, filterQuery } from './record-api.schema.js';
import { attachmentRoutes } from './record-attachments.routes.js';
import { commentRoutes } from './record-comments.routes.js';
import { exportRoutes } from './record-export.js';
import { filtersOf } from './record-filters.js';
import { assertEditableInState, assertWritable, createRecordGate, type RecordGate } from './record-gate.js';
import { createReferenceChecker, type ReferenceChecker } from './record-references.js';
import { searchRoutes } from './record-search.routes.js';
import { slaRoutes } from './record-sla.routes.js';
import { surveyRoutes } from './record-survey.routes.js';
import { watcherRoutes } from './record-watchers.routes.js';

/** Limits of the record API; `maxAttachmentBytes` must be the store's (both default to DEFAULT_RECORD_LIMITS). */
export interface RecordApiLimits {
  maxAttachmentBytes: number;
  /** Rows one CSV export holds at most. */
  exportRowCap: number;
}

export interface RecordRoutesDeps {
  clock: Clock;
  store: RecordStore;
  types: RecordTypes;
  access: RecordAccess;
  limits?: Partial<RecordApiLimits>;
  /** The SLA engine, for the clocks of a record, and the database for SLA reports; without them those routes are not mounted. */
  sla?: Pick<SlaEngine, 'clocksOf'>;
  db?: Database;
  /** Satisfaction surveys; without them the survey routes are not mounted. */
  surveys?: Pick<SurveyEngine, 'answer' | 'latestOf' | 'openFor'>;
}

/** What each record route file is made with. */
export interface RecordRouteContext extends Omit<RecordRoutesDeps, 'limits'> {
  gate: RecordGate;
  references: ReferenceChecker;
  limits: RecordApiLimits;
}

export const TAG = 'records';
const Fields = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description: "The record's fields, valid against its type's JSON Schema." });
const FieldsPatch = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description: 'A JSON merge patch of the fields (null removes one).' });

/** The ETag of a record version. */
export function etagOf(record: RecordView): string {
  return `"${record.version}"`;
}

/**
 * The version an update is made against: If-Match (`"3"`, as the ETag was sent) or `version` in
 * the body; if both, they must agree.
 * @throws PRECONDITION_REQUIRED without either; INPUT_INVALID for an If-Match that is not one version
 */
export function expectedVersion(req: Request, bodyVersion: number | undefined): number {
  const header = req.get('if-match');
  let fromHeader: number | undefined;
  if (header !== undefined && header.trim() !== '*') {
    const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header) ?? /^\s*(\d{1,9})\s*$/.exec(header);
    if (!match) throw new FlowdeskError('INPUT_INVALID', 'If-Match must be the ETag of one version of the record, e.g. "3"', { details: [{ pointer: '/headers/if-match', message: 'not one version' }] });
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw new FlowdeskError('INPUT_INVALID', 'If-Match and version name different versions', { details: [{ pointer: '/body/version', message: 'differs from If-Match' }] });
  }
  const expected = fromHeader ?? bodyVersion;
  if (expected === undefined) throw new FlowdeskError('PRECONDITION_REQUIRED', 'say which version of the record you change: send its ETag in If-Match');
  return expected;
}

function sendRecord(res: Response, record: RecordView): RecordView {
  res.setHeader('ETag', etagOf(record));
  return record;
}

export function recordRoutes(deps: RecordRoutesDeps): ApiRoute[] {
  const { store, access } = deps;
  const gate = createRecordGate(deps);
  const context: RecordRouteContext = {
    ...deps,
    gate,
    references: createReferenceChecker(deps),
    limits: { maxAttachmentBytes: DEFAULT_RECORD_LIMITS.maxAttachmentBytes, exportRowCap: 10_000, ...deps.limits },
  };
  const user = { tag: TAG, access: 'user' as const };
  const me = (caller: Caller | null) => caller!;

  return [
    route({
      ...user,
      method: 'get',
      path: '/record-types',
      summary: 'The record types the caller has any grant on, with their fields, states and list columns',
      response: Type.Object({ types: Type.Array(RecordTypeView) }),
      async handler({ caller }) {
        const result = [];
        for (const type of await deps.types.list()) {
          const actions = await gate.actionsOn(me(caller), type);
          if (actions.length === 0) continue;
          const writable = actions.includes('update') ? await access.writableFields(me(caller), type.id, 'update') : new Set<string>();
          result.push({ id: type.id, bundle: type.bundle, titleKey: type.titleKey, numberPrefix: type.numbering.prefix, fields: type.fields, states: type.states.map(({ editable, ...s }) => ({ ...s, ...(editable ? { editable: [...editable] } : {}) })), listColumns: [...type.listColumns], indexed: [...type.indexed], actions, writableFields: writable ? [...writable] : null });
        }
        return { types: result.sort((a, b) => (a.id < b.id ? -1 : 1)) };
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/records/:type',
      summary: 'Create a record',
      description:
        'Every reference is checked against the caller’s grants before anything is written: the organization (default: the caller’s), the person it is for (default: the caller), the team and assignee (which need the assign grant), and every field the type marks as a reference. Fields are validated against the type’s JSON Schema; a caller whose grants list fields may set only those.',
      status: 201,
      params: TypeParams,
      body: Type.Object({ fields: Fields, organizationId: Type.Optional(RefId), callerId: Type.Optional(RefId), teamId: Type.Optional(RefId), assigneeId: Type.Optional(RefId) }),
      response: RecordViewSchema,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'REFERENCE_OUT_OF_SCOPE', 'REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body, res }) {
        const type = await gate.type(params.type);
        await gate.scope(me(caller), type, 'create');
        // HTML fields keep only the allowed markup, whoever sends them.
        body.fields = withSanitizedRichText(type.fields, body.fields) as typeof body.fields;
        assertWritable(await access.writableFields(me(caller), type.id, 'create'), body.fields, 'set');
        const placement = await access.placeNew(me(caller), type.id, { organizationId: body.organizationId ?? null, callerId: body.callerId ?? null, teamId: body.teamId ?? null, assigneeId: body.assigneeId ?? null });
        // Handing the new record to a team or a person is assigning it: that grant too, and its reach.
        if (body.teamId !== undefined || body.assigneeId !== undefined) {
          await access.checkPlacement(me(caller), type.id, 'assign', { teamId: body.teamId ?? null, assigneeId: body.assigneeId ?? null });
        }
        await context.references.check(me(caller), type, 'create', body.fields);
        const record = await store.create({ type, organizationId: placement.organizationId!, callerId: placement.callerId, teamId: placement.teamId, assigneeId: placement.assigneeId, fields: body.fields, actor: me(caller).userId });
        res.setHeader('Location', `${API_BASE_PATH}/records/${encodeURIComponent(type.id)}/${record.id}`);
        return sendRecord(res, record);
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/records/:type',
      summary: 'List records of a type within the caller’s scope: filters, sorting, cursor paging',
      description: 'Filters: state, organizationId, callerId, teamId, assigneeId (empty: none), createdBy; `field.<indexed field>=value` (repeat for any of several) and `field.<indexed field>.gt|gte|lt|lte=value`. The scope applies to every page; a cursor is a position, not a permission.',
      params: TypeParams,
      query: filterQuery({ sort: Type.Optional(Sort), cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, 'Filters, sort and paging'),
      response: RecordPage,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const type = await gate.type(params.type);
        const scope = await gate.scope(me(caller), type, 'read');
        return store.list({ type, scope, filters: filtersOf(query), ...(query.sort ? { sort: query.sort } : {}), ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.limit ? { limit: query.limit } : {}) });
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/records/:type/count',
      summary: 'Count the records the list with the same filters would return, over all its pages',
      params: TypeParams,
      query: filterQuery({}, 'The same filters as the list'),
      response: Type.Object({ count: Type.Integer() }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const type = await gate.type(params.type);
        const scope = await gate.scope(me(caller), type, 'read');
        return { count: await store.count({ type, scope, filters: filtersOf(query) }) };
      },
    }),
    ...exportRoutes(context),
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key',
      summary: 'Read a record by id or number (ETag: its version)',
      params: RecordParams,
      response: RecordViewSchema,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params, res }) {
        const { record } = await gate.reach(me(caller), params.type, params.key, 'read');
        return sendRecord(res, record);
      },
    }),
    route({
      ...user,
      method: 'patch',
      path: '/records/:type/:key',
      summary: 'Change a record: fields (merge patch), state, placement; If-Match with its ETag',
      description: 'Fields and state need the update grant, organization and person too; team and assignee need the assign grant. Every new reference is checked against the grants. A stale If-Match is RECORD_VERSION_CONFLICT; none is PRECONDITION_REQUIRED.',
      params: RecordParams,
      body: Type.Object({
        fields: Type.Optional(FieldsPatch),
        state: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        organizationId: Type.Optional(RefId),
        callerId: Type.Optional(Nullable(RefId)),
        teamId: Type.Optional(Nullable(RefId)),
        assigneeId: Type.Optional(Nullable(RefId)),
        version: Type.Optional(Type.Integer({ minimum: 1, description: 'Instead of If-Match.' })),
      }),
      response: RecordViewSchema,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND', 'RECORD_VERSION_CONFLICT', 'PRECONDITION_REQUIRED', 'REFERENCE_OUT_OF_SCOPE', 'REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body, req, res }) {
        const version = expectedVersion(req, body.version);
        const { version: _version, ...change } = body;
        const isUpdate = change.fields !== undefined || change.state !== undefined || change.organizationId !== undefined || change.callerId !== undefined;
        const isAssign = change.teamId !== undefined || change.assigneeId !== undefined;
        // The record must be in the scope of each action the change needs; the store checks the first again in its transaction.
        const actions = [...(isUpdate || !isAssign ? (['update'] as const) : []), ...(isAssign ? (['assign'] as const) : [])];
        const reached = await gate.reach(me(caller), params.type, params.key, actions[0]!);
        for (const action of actions.slice(1)) await gate.reach(me(caller), params.type, reached.record.id, action);
        const { type } = reached;
        if (change.fields) change.fields = withSanitizedRichText(type.fields, change.fields) as typeof change.fields;
        assertWritable(await access.writableFields(me(caller), type.id, 'update'), change.fields, 'change');
        assertEditableInState(type, reached.record.state, change.fields);
        if (change.fields) await context.references.check(me(caller), type, 'update', change.fields);
        if (change.organizationId !== undefined || change.callerId !== undefined) {
          await access.checkPlacement(me(caller), type.id, 'update', { organizationId: change.organizationId ?? null, callerId: change.callerId ?? null });
        }
        if (isAssign) await access.checkPlacement(me(caller), type.id, 'assign', { teamId: change.teamId ?? null, assigneeId: change.assigneeId ?? null });
        const record = await store.update(reached.record.id, { ...change, expectedVersion: version }, reached.scope, me(caller).userId, { type });
        return sendRecord(res, record);
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key/history',
      summary: 'The record’s history: its creation and every change of a field, state or placement, oldest first',
      params: RecordParams,
      query: afterPageQuery('entry'),
      response: Type.Object({ items: Type.Array(HistoryEntry) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const { record, scope } = await gate.reach(me(caller), params.type, params.key, 'read');
        return { items: await store.history(record.id, scope, afterPageOptions(query)) };
      },
    }),
    ...commentRoutes(context),
    ...attachmentRoutes(context),
    ...watcherRoutes(context),
    ...searchRoutes(context),
    ...slaRoutes(context),
    ...surveyRoutes(context),
  ];
}
