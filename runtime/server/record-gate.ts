/**
 * The one way record endpoints reach a record type and a record: the caller's grant for the
 * action turned into a scope (runtime/access), and the record found under that scope by the
 * store, in SQL. Answers, alike for every endpoint:
 * - FORBIDDEN when no grant of the caller allows the action on the type at all (the answer does
 *   not depend on any record, so it tells nothing about one);
 * - RECORD_NOT_FOUND when the record does not exist, is outside the scope, or is of another type
 *   (scopes are per type: a scope for one type must never reach a record of another);
 * - FORBIDDEN for a change to a record the caller may read but not change that way.
 */
import { FlowdeskError, type RecordScope, type RecordStore, type RecordTypeInfo, type RecordTypes, type RecordView } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { RecordAccess } from '../access/record-access.js';
import type { GrantAction } from '../access/role-catalog.js';

/** Every action a grant can name, in the order the record-types endpoint lists them. */
export const GRANT_ACTIONS: readonly GrantAction[] = ['read', 'create', 'update', 'assign', 'comment', 'work-note', 'attach', 'delete', 'export', 'cancel'];

export interface ReachedRecord {
  type: RecordTypeInfo;
  record: RecordView;
  /** The scope the record was found under: pass it to the store's write so it checks again in its transaction. */
  scope: RecordScope;
}

export interface RecordGate {
  /** @throws RECORD_TYPE_NOT_FOUND */
  type(typeId: string): Promise<RecordTypeInfo>;
  /** The caller's scope for the action. @throws FORBIDDEN when it is empty */
  scope(caller: Caller, type: RecordTypeInfo, action: GrantAction): Promise<RecordScope>;
  /** The record of the type named by `key`, within the caller's scope for the action. */
  reach(caller: Caller, typeId: string, key: string, action: GrantAction): Promise<ReachedRecord>;
  /** Whether the caller's scope for the action reaches the record (no grant: false). */
  allows(caller: Caller, type: RecordTypeInfo, record: RecordView, action: GrantAction): Promise<boolean>;
  /** The actions any grant of the caller allows on the type. */
  actionsOn(caller: Caller, type: RecordTypeInfo): Promise<GrantAction[]>;
}

const notFound = () => new FlowdeskError('RECORD_NOT_FOUND', 'no record with that id or number that you may see');

export function createRecordGate({ store, types, access }: { store: RecordStore; types: RecordTypes; access: RecordAccess }): RecordGate {
  /** The record within the scope, of the type; null when the scope does not reach it. */
  async function find(type: RecordTypeInfo, key: string, scope: RecordScope): Promise<RecordView | null> {
    if (scope.kind === 'none') return null;
    try {
      const record = await store.get(key, scope);
      return record.type === type.id ? record : null;
    } catch (error) {
      if (error instanceof FlowdeskError && error.code === 'RECORD_NOT_FOUND') return null;
      throw error;
    }
  }

  /** The caller's scope for the action, bound to the type in SQL. */
  async function scopeOf(caller: Caller, type: RecordTypeInfo, action: GrantAction): Promise<RecordScope> {
    return { ...(await access.scopeFor(caller, type.id, action)), recordType: type.id };
  }

  async function scope(caller: Caller, type: RecordTypeInfo, action: GrantAction): Promise<RecordScope> {
    const found = await scopeOf(caller, type, action);
    if (found.kind === 'none') throw new FlowdeskError('FORBIDDEN', `no grant lets you ${action} ${type.id} records`);
    return found;
  }

  return {
    type: (typeId) => types.get(typeId),
    scope,

    async reach(caller, typeId, key, action) {
      const type = await types.get(typeId);
      const actionScope = await scope(caller, type, action);
      const record = await find(type, key, actionScope);
      if (record) return { type, record, scope: actionScope };
      if (action !== 'read') {
        const readable = await find(type, key, await scopeOf(caller, type, 'read'));
        if (readable) throw new FlowdeskError('FORBIDDEN', `you may read this record but not ${action} it`);
      }
      throw notFound();
    },

    async allows(caller, type, record, action) {
      const found = await find(type, record.id, await scopeOf(caller, type, action));
      return found !== null;
    },

    async actionsOn(caller, type) {
      const allowed: GrantAction[] = [];
      for (const action of GRANT_ACTIONS) if ((await access.scopeFor(caller, type.id, action)).kind !== 'none') allowed.push(action);
      return allowed;
    },
  };
}

/** Refuses fields outside what the caller's grants let them set (null: every field). @throws FORBIDDEN */
/**
 * A record type's state may name the fields people change directly while a record is in it
 * (`states[].editable`); a change of any other field is refused, with a pointer per field.
 */
export function assertEditableInState(type: Pick<RecordTypeInfo, 'states'>, state: string, fields: Record<string, unknown> | undefined): void {
  const editable = type.states.find((s) => s.id === state)?.editable;
  if (editable === undefined || fields === undefined) return;
  const refused = Object.keys(fields).filter((name) => !editable.includes(name));
  if (refused.length === 0) return;
  throw new FlowdeskError('FORBIDDEN', `the field(s) ${refused.join(', ')} cannot be changed while the record is ${state}`, {
    details: refused.map((name) => ({ pointer: `/fields/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `not editable in state ${state}` })),
  });
}

export function assertWritable(writable: ReadonlySet<string> | null, fields: Record<string, unknown> | undefined, action: string): void {
  if (writable === null || fields === undefined) return;
  const refused = Object.keys(fields).filter((name) => !writable.has(name));
  if (refused.length === 0) return;
  throw new FlowdeskError('FORBIDDEN', `your grants do not let you ${action} the field(s) ${refused.join(', ')}`, {
    details: refused.map((name) => ({ pointer: `/fields/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `you may not ${action} this field` })),
  });
}
