/**
 * A request from the catalog (data flow 1 of the architecture): the caller picks an entry offered
 * to their organization, fills its start form, and in one transaction the record, its process
 * instance with the first tasks, its SLA clocks and its notifications are written — or nothing is.
 * The entry decides the record type, process and start form; the delivery model the team the
 * record starts with, and the contract's (or else the entry's) SLA policy the one its clocks follow,
 * when its type marks a field `x-flowdesk-sla`. The caller's own grants decide whether they may create such a record and
 * which fields they may set, as on POST /records.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Catalog, ResolvedEntry } from '../../catalog/index.js';
import { slaFieldOf, type Database, type InstanceView, type ProcessRuntime, type RecordStore, type RecordTypes, type RecordView } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { RecordAccess } from '../access/record-access.js';
import { assertWritable, createRecordGate } from '../server/record-gate.js';
import { createReferenceChecker } from '../server/record-references.js';

export interface RequestStarterDeps {
  db: Database;
  catalog: Catalog;
  processes: Pick<ProcessRuntime, 'start' | 'assertFormData' | 'computedFormFields'>;
  records: RecordStore;
  recordTypes: RecordTypes;
  access: RecordAccess;
}

export interface StartedRequest {
  record: RecordView;
  instance: InstanceView;
  entry: ResolvedEntry;
}

export type StartRequest = (caller: Caller, entry: string, data: Record<string, unknown>) => Promise<StartedRequest>;

export function createRequestStarter({ db, catalog, processes, records, recordTypes, access }: RequestStarterDeps): StartRequest {
  const gate = createRecordGate({ store: records, types: recordTypes, access });

  /** The active account of the requester's manager (line-manager approvals go to it), or null. */
  async function managerOf(personId: string | null): Promise<string | null> {
    if (!personId) return null;
    const manager = (await db.knex('persons').join('users', 'users.person_id', 'persons.manager_id').where({ 'persons.id': personId, 'users.status': 'active' }).first('users.id')) as { id: string } | undefined;
    return manager?.id ?? null;
  }
  const references = createReferenceChecker({ store: records, access });

  /**
   * @throws CATALOG_ENTRY_NOT_FOUND (also when not offered to the caller), FORBIDDEN (no create
   *   grant, or a field the grants do not let them set), TASK_FORM_INVALID (start form), INPUT_INVALID
   *   (record type), REFERENCE_OUT_OF_SCOPE / REFERENCE_NOT_FOUND (ids in the data)
   */
  return async function startRequest(caller, entryRef, data) {
    const resolved = await catalog.resolveEntry({ organizationId: caller.organizationId, roles: caller.roles }, entryRef);
    const type = await gate.type(resolved.recordType.id);
    await gate.scope(caller, type, 'create');
    const values = resolved.startForm ? await processes.assertFormData(resolved.bundle.versionId, resolved.startForm.id, data) : data;
    // The form may ask more than the record keeps (a note for the first task): the record takes its own fields.
    const properties = Object.keys((type.fields as { properties?: Record<string, unknown> }).properties ?? {});
    // The SLA policy is the contract's (or the entry's), never the requester's choice.
    const slaField = slaFieldOf(type.fields);
    const fields = Object.fromEntries(Object.entries(values).filter(([name]) => properties.includes(name) && name !== slaField));
    // Fields the form computes are the server's, like the SLA field: the grants govern what the caller chose.
    const computed = resolved.startForm ? await processes.computedFormFields(resolved.bundle.versionId, resolved.startForm.id) : [];
    assertWritable(await access.writableFields(caller, type.id, 'create'), Object.fromEntries(Object.entries(fields).filter(([name]) => !computed.includes(name))), 'set');
    if (slaField && resolved.sla) fields[slaField] = resolved.sla.id;
    const placement = await access.placeNew(caller, type.id, { organizationId: null, callerId: null, teamId: null, assigneeId: null });
    await references.check(caller, type, 'create', fields);
    const id = uuidv7();
    const variables = {
      ...values,
      requester: caller.userId,
      requesterPerson: caller.personId,
      requesterManager: await managerOf(caller.personId),
      organizationId: placement.organizationId,
      deliveryTeamId: resolved.deliveringTeamId,
      catalogEntry: resolved.entry.id,
      service: resolved.entry.service.id,
      subcategory: resolved.entry.subcategory?.id ?? null,
      approvals: resolved.approvals.map((level) => ({ id: level.id, role: level.role.id })),
      record: { id, type: type.id, organizationId: placement.organizationId, callerId: placement.callerId, createdBy: caller.userId },
    };
    const instance = await processes.start({
      bundle: resolved.bundle.name,
      bundleVersionId: resolved.bundle.versionId,
      processId: resolved.process.id,
      record: { id, type: type.id },
      variables,
      actor: caller.userId,
      beforeWrite: async (trx) => {
        await records.create(trx, { id, type, organizationId: placement.organizationId!, callerId: placement.callerId, teamId: resolved.deliveringTeamId, fields, actor: caller.userId });
      },
    });
    return { record: await records.get(id, { kind: 'all' }), instance, entry: resolved };
  };
}
