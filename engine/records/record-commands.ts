/**
 * Creating and updating records. Each is one command in one transaction: the row, its indexed
 * values, its search rows, its history and the audit entry land together or not at all.
 */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Transaction } from '../storage/transaction.js';
import type { RecordContext } from './record-context.js';
import { changedFields, createFieldValidator, mergePatch, titleOf, type Fields } from './record-fields.js';
import { REFERENCE_KINDS, writeHistory, type HistoryChange } from './record-history.js';
import { findRecord } from './record-lookup.js';
import { createNumberAllocator } from './record-numbers.js';
import type { RecordScope } from './record-scope.js';
import { writeSearch } from './record-search.js';
import { runWrite } from './record-transaction.js';
import type { RecordTypeInfo } from './record-types.js';
import { writeValues } from './record-values.js';
import { toRecordView, type RecordRow, type RecordView } from './record-view.js';
import { searchBodyOf } from './search-text.js';

export interface NewRecord {
  /** A new id chosen by the caller (a process started with the record names it first); default a fresh one. Never from API input. */
  id?: string;
  /** Resolved before any transaction is open (types.get reads the registry). */
  type: RecordTypeInfo;
  organizationId: string;
  /** The person the record is for. */
  callerId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  /** Defaults to the type's first state. */
  state?: string;
  fields: Fields;
  /** The user (or technical actor) creating it. */
  actor: string;
}

/** What an update changes; `fields` is a JSON merge patch (null removes a field). */
export interface RecordChange {
  /** The version the change was made against (If-Match). Required. */
  expectedVersion?: number;
  fields?: Record<string, unknown>;
  state?: string;
  organizationId?: string;
  callerId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
}

export interface UpdateOptions {
  /** Write in the caller's transaction; the record's type must then be given too. */
  trx?: Transaction;
  type?: RecordTypeInfo;
}

type Placement = Pick<RecordRow, 'state' | 'organization_id' | 'caller_id' | 'team_id' | 'assignee_id'>;

const CHANGE_KEYS = new Set(['expectedVersion', 'fields', 'state', 'organizationId', 'callerId', 'teamId', 'assigneeId']);
const PLACEMENT_KEYS = { state: 'state', organization_id: 'organizationId', caller_id: 'callerId', team_id: 'teamId', assignee_id: 'assigneeId' } as const;

function invalid(pointer: string, message: string): FlowdeskError {
  return new FlowdeskError('INPUT_INVALID', `${pointer.slice(1)}: ${message}`, { details: [{ pointer, message }] });
}

function checkedState(type: RecordTypeInfo, state: unknown): string {
  if (typeof state !== 'string' || !type.states.some((s) => s.id === state)) throw invalid('/state', `not a state of ${type.id}`);
  return state;
}

function checkedId(value: unknown, pointer: string, isNullable: boolean): string | null {
  if (value === null && isNullable) return null;
  if (typeof value !== 'string' || value === '' || value.length > 36) throw invalid(pointer, isNullable ? 'must be an id or null' : 'must be an id');
  return value;
}

function checkedActor(actor: unknown): string {
  if (typeof actor !== 'string' || actor === '' || actor.length > 100) throw new FlowdeskError('INTERNAL', 'a record command needs the acting user');
  return actor;
}

/** The placement columns as the API names them, for audit details. */
function placementView(placement: Partial<Placement>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(placement).map(([column, value]) => [PLACEMENT_KEYS[column as keyof Placement], value]));
}

export function createRecordCommands(context: RecordContext) {
  const { db, clock, types, limits, observers } = context;
  const validator = createFieldValidator();
  const numbers = createNumberAllocator(db);

  async function insert(trx: Transaction, input: NewRecord): Promise<RecordView> {
    const { type } = input;
    const actor = checkedActor(input.actor);
    const fields = validator.assertValid(type, input.fields ?? {}, limits.maxFieldsBytes);
    const placement: Placement = {
      state: checkedState(type, input.state ?? type.initialState),
      organization_id: checkedId(input.organizationId, '/organizationId', false)!,
      caller_id: checkedId(input.callerId ?? null, '/callerId', true),
      team_id: checkedId(input.teamId ?? null, '/teamId', true),
      assignee_id: checkedId(input.assigneeId ?? null, '/assigneeId', true),
    };
    const { seq, number } = await numbers.next(trx, type.numbering.prefix, type.numbering.digits);
    const now = clock.now().toISOString();
    const row: RecordRow = { id: input.id ?? uuidv7(), type: type.id, seq, number, ...placement, created_by: actor, title: titleOf(type, fields, number), data: JSON.stringify(fields), version: 1, created_at: now, updated_at: now };
    await trx('records').insert(row);
    await writeValues(trx, type, row.id, fields, true);
    await writeSearch(trx, row.id, searchBodyOf({ number, fields }, limits.maxSearchableChars), null);
    const after = { ...placementView(placement), fields };
    await writeHistory(trx, { recordId: row.id, version: 1, actor, at: now }, [{ kind: 'created', newValue: after }]);
    await appendAudit(trx, clock, { actor, action: 'record.create', targetType: 'record', targetId: row.id, details: { type: type.id, number, after } });
    const view = toRecordView(row);
    await observers.notify(trx, { type, before: null, after: view, changedFields: Object.keys(fields), actor, at: now });
    return view;
  }

  /**
   * Creates a record, in `trx` when given (with work that must commit with it).
   * @throws INPUT_INVALID (fields, state, ids), PAYLOAD_TOO_LARGE, REFERENCE_NOT_FOUND
   */
  function create(input: NewRecord): Promise<RecordView>;
  function create(trx: Transaction | undefined, input: NewRecord): Promise<RecordView>;
  function create(first: Transaction | NewRecord | undefined, second?: NewRecord): Promise<RecordView> {
    const [trx, input] = second === undefined ? [undefined, first as NewRecord] : [first as Transaction | undefined, second];
    return runWrite(db, trx, (t) => insert(t, input));
  }

  function checkedChange(change: RecordChange): number {
    if (change === null || typeof change !== 'object') throw invalid('/', 'must be an object');
    for (const key of Object.keys(change)) if (!CHANGE_KEYS.has(key)) throw invalid(`/${key}`, 'cannot be changed');
    const expected = change.expectedVersion;
    if (expected === undefined || expected === null) throw new FlowdeskError('PRECONDITION_REQUIRED', 'say which version of the record you change (If-Match or expectedVersion)');
    if (!Number.isInteger(expected) || expected < 1) throw invalid('/expectedVersion', 'must be a positive whole number');
    if (change.fields !== undefined && (change.fields === null || typeof change.fields !== 'object' || Array.isArray(change.fields))) throw invalid('/fields', 'must be an object');
    return expected;
  }

  /** The placement after the change, and which of its columns moved. */
  function placementAfter(type: RecordTypeInfo, row: RecordRow, change: RecordChange): { next: Placement; moved: Array<keyof Placement> } {
    const next: Placement = {
      state: change.state === undefined ? row.state : checkedState(type, change.state),
      organization_id: change.organizationId === undefined ? row.organization_id : checkedId(change.organizationId, '/organizationId', false)!,
      caller_id: change.callerId === undefined ? row.caller_id : checkedId(change.callerId, '/callerId', true),
      team_id: change.teamId === undefined ? row.team_id : checkedId(change.teamId, '/teamId', true),
      assignee_id: change.assigneeId === undefined ? row.assignee_id : checkedId(change.assigneeId, '/assigneeId', true),
    };
    const moved = (Object.keys(REFERENCE_KINDS) as Array<keyof Placement>).filter((column) => next[column] !== (row[column] ?? null));
    return { next, moved };
  }

  async function apply(trx: Transaction, type: RecordTypeInfo, key: string, change: RecordChange, scope: RecordScope, actor: string): Promise<RecordView> {
    const expected = checkedChange(change);
    const row = await findRecord(trx, key, scope, { lock: db.dialect });
    if (row.type !== type.id) throw new FlowdeskError('INTERNAL', `the record is a ${row.type}, not a ${type.id}`);
    if (Number(row.version) !== expected) {
      throw new FlowdeskError('RECORD_VERSION_CONFLICT', `the record is at version ${row.version}, not ${expected}; read it again and retry`, { details: [{ currentVersion: Number(row.version) }] });
    }
    const before = JSON.parse(row.data) as Fields;
    const fields = change.fields === undefined ? before : validator.assertValid(type, mergePatch(before, change.fields), limits.maxFieldsBytes);
    const changed = changedFields(before, fields);
    const { next, moved } = placementAfter(type, row, change);
    if (changed.length === 0 && moved.length === 0) return toRecordView(row);

    const version = Number(row.version) + 1;
    const now = clock.now().toISOString();
    const updated = { ...next, title: titleOf(type, fields, row.number), data: JSON.stringify(fields), version, updated_at: now };
    const count = await trx('records').where({ id: row.id, version: row.version }).update(updated);
    if (count !== 1) throw new FlowdeskError('RECORD_VERSION_CONFLICT', 'the record changed while it was being updated; read it again and retry');
    if (changed.length > 0) {
      await writeValues(trx, type, row.id, fields, false);
      const stored = (await trx('record_search').where({ record_id: row.id }).first('body')) as { body: string } | undefined;
      await writeSearch(trx, row.id, searchBodyOf({ number: row.number, fields }, limits.maxSearchableChars), stored?.body ?? '');
    }
    const history: HistoryChange[] = [
      ...moved.map((column) => ({ kind: REFERENCE_KINDS[column], oldValue: row[column] ?? null, newValue: next[column] })),
      ...changed.map((field) => ({ kind: 'field' as const, field, oldValue: before[field], newValue: fields[field] })),
    ];
    await writeHistory(trx, { recordId: row.id, version, actor, at: now }, history);
    // Before and after name only what changed: the moved placement columns and the changed fields.
    const side = (placement: Placement, values: Fields) => ({
      ...placementView(Object.fromEntries(moved.map((column) => [column, placement[column] ?? null]))),
      ...(changed.length > 0 ? { fields: Object.fromEntries(changed.map((field) => [field, values[field] ?? null])) } : {}),
    });
    const details = { number: row.number, version: { from: Number(row.version), to: version }, before: side(row, before), after: side(next, fields) };
    await appendAudit(trx, clock, { actor, action: 'record.update', targetType: 'record', targetId: row.id, details });
    const view = toRecordView({ ...row, ...updated });
    await observers.notify(trx, { type, before: toRecordView(row), after: view, changedFields: changed, actor, at: now });
    return view;
  }

  return {
    create,

    /**
     * Changes a record found under `scope`, if it is still at `expectedVersion`. Nothing is
     * written when nothing changes.
     * @throws PRECONDITION_REQUIRED, RECORD_NOT_FOUND, RECORD_VERSION_CONFLICT, INPUT_INVALID, PAYLOAD_TOO_LARGE, REFERENCE_NOT_FOUND
     */
    async update(key: string, change: RecordChange, scope: RecordScope, actor: string, options: UpdateOptions = {}): Promise<RecordView> {
      checkedActor(actor);
      checkedChange(change);
      if (options.trx) {
        if (!options.type) throw new FlowdeskError('INTERNAL', 'an update in the caller\'s transaction needs the record type');
        const type = options.type;
        return runWrite(db, options.trx, (trx) => apply(trx, type, key, change, scope, actor));
      }
      // The type is read before the transaction: resolving it may read the registry.
      const type = options.type ?? (await types.get((await findRecord(db.knex, key, scope)).type));
      return runWrite(db, undefined, (trx) => apply(trx, type, key, change, scope, actor));
    },
  };
}
