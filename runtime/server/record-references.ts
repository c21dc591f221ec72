/**
 * References inside a record's fields. A record type's JSON Schema marks a field (or the items of
 * an array field, at any depth of `properties` and `items`) that holds an id with
 * `"x-flowdesk-ref"`: `person`, `organization`, `team`, `user` or `record:<type id>`. Every such
 * id a caller sends is checked against the caller's grants before anything is written (iTop
 * CVE-2023-45808): persons, organizations, teams and users must lie in the organizations the
 * caller may place records in with the action; a record must be one the caller may read. An id
 * that does not exist is refused the same way as one out of reach.
 */
import { FlowdeskError, type RecordStore, type RecordTypeInfo } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { RecordAccess, RecordPlacement } from '../access/record-access.js';
import type { GrantAction } from '../access/role-catalog.js';

/** The schema keyword that marks a reference. */
export const REFERENCE_KEYWORD = 'x-flowdesk-ref';

/** At most this many references are checked in one request; more is refused. */
const MAX_REFERENCES = 200;

interface FoundReference {
  pointer: string;
  kind: string;
  id: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const token = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The references in `value` that `schema` marks, with their JSON pointers. */
export function referencesIn(schema: unknown, value: unknown, pointer: string, found: FoundReference[] = []): FoundReference[] {
  if (!isObject(schema)) return found;
  const kind = schema[REFERENCE_KEYWORD];
  if (typeof kind === 'string' && typeof value === 'string') found.push({ pointer, kind, id: value });
  if (Array.isArray(value) && schema['items'] !== undefined) value.forEach((item, i) => referencesIn(schema['items'], item, `${pointer}/${i}`, found));
  if (isObject(value) && isObject(schema['properties'])) {
    const properties = schema['properties'] as Record<string, unknown>;
    for (const [key, inner] of Object.entries(value)) if (Object.hasOwn(properties, key)) referencesIn(properties[key], inner, `${pointer}/${token(key)}`, found);
  }
  return found;
}

const PLACEMENT_OF: Record<string, keyof RecordPlacement> = { person: 'callerId', organization: 'organizationId', team: 'teamId', user: 'assigneeId' };

export interface ReferenceChecker {
  /**
   * Checks every reference in `fields` (a record's fields, or an update's merge patch) for the
   * caller and action. @throws REFERENCE_OUT_OF_SCOPE naming each one refused by its pointer
   */
  check(caller: Caller, type: RecordTypeInfo, action: GrantAction, fields: Record<string, unknown>): Promise<void>;
}

export function createReferenceChecker({ store, access }: { store: RecordStore; access: RecordAccess }): ReferenceChecker {
  async function isInReach(caller: Caller, type: RecordTypeInfo, action: GrantAction, reference: FoundReference): Promise<boolean> {
    const placement = PLACEMENT_OF[reference.kind];
    try {
      if (placement) {
        await access.checkPlacement(caller, type.id, action, { [placement]: reference.id });
        return true;
      }
      const recordType = /^record:(.+)$/.exec(reference.kind)?.[1];
      if (!recordType) throw new FlowdeskError('INTERNAL', `the record type ${type.id} marks a field with the unknown reference kind "${reference.kind}"`);
      const scope = await access.scopeFor(caller, recordType, 'read');
      if (scope.kind === 'none') return false;
      const record = await store.get(reference.id, { ...scope, recordType });
      return record.type === recordType;
    } catch (error) {
      if (error instanceof FlowdeskError && ['REFERENCE_OUT_OF_SCOPE', 'RECORD_NOT_FOUND', 'FORBIDDEN'].includes(error.code)) return false;
      throw error;
    }
  }

  return {
    async check(caller, type, action, fields) {
      const references = referencesIn(type.fields, fields, '/fields');
      if (references.length === 0) return;
      if (references.length > MAX_REFERENCES) throw new FlowdeskError('INPUT_INVALID', `at most ${MAX_REFERENCES} references in one request`, { details: [{ pointer: '/fields', message: 'too many references' }] });
      const refused: Array<{ pointer: string; message: string }> = [];
      for (const reference of references) {
        if (!(await isInReach(caller, type, action, reference))) refused.push({ pointer: reference.pointer, message: `not a ${reference.kind.replace(/^record:/, '')} you may use here` });
      }
      if (refused.length > 0) throw new FlowdeskError('REFERENCE_OUT_OF_SCOPE', `${refused.length} reference(s) in the fields are not ones you may use here`, { details: refused });
    },
  };
}
