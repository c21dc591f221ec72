/**
 * Processes and tasks over HTTP, scoped like records: start a process for a record, my tasks,
 * my queues, every task I may see (with counts), a task with its form, claim, unclaim, complete,
 * reassign; an instance, its history, and cancelling it.
 *
 * Who sees what (the scope is applied in the SQL of every statement, engine/process):
 * - a task or instance that belongs to a record is visible exactly when the record is in the
 *   caller's `read` scope for its type; anything else answers TASK_NOT_FOUND or
 *   PROCESS_INSTANCE_NOT_FOUND, never FORBIDDEN — whether it exists is not told;
 * - a task of an instance without a record is visible to its assignee and its candidates only;
 *   an instance without a record to administrators only; administrators see everything;
 * - on what the caller can see, a change they may not make answers FORBIDDEN (reassign needs
 *   `assign` on the record, cancel needs `cancel`, starting a process needs `update`) or
 *   TASK_NOT_ALLOWED (claim and complete need the caller to be the assignee or a candidate; a
 *   task with neither assignee nor candidates needs `update` on its record).
 * Candidate groups are matched against the caller's roles and team ids. Process variables are
 * shown to callers who may update the record (and administrators) only. Every write is audited
 * by the runtime in its transaction.
 */
import { Type } from '@sinclair/typebox';
import { FlowdeskError, type Actor, type Database, type InstanceView, type ProcessRuntime, type RecordScope, type RecordStore, type RecordTypes, type RecordView, type TaskView } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { RecordAccess } from '../access/record-access.js';
import type { GrantAction } from '../access/role-catalog.js';
import { Closed, Nullable, route, type ApiRoute } from './api-route.js';

export interface ProcessRoutesDeps {
  db: Database;
  processes: ProcessRuntime;
  access: RecordAccess;
  records: Pick<RecordStore, 'get'>;
  recordTypes: Pick<RecordTypes, 'list'>;
}

/** The scope the runtime takes (engine/process ProcessScope). */
type ProcessScope = NonNullable<NonNullable<Parameters<ProcessRuntime['getInstance']>[1]>['scope']>;

const TAG = 'processes';
const MAX_TASK_PAGE = 200;
const Instant = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const IdParams = Closed({ id: Uuid });
const TypeId = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });
const RecordKey = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$', description: "The record's id or its human number." });
const Variables = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { description: 'Process variables (a JSON object).' });
const Status = Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')], { default: 'open' });
const ListView = Type.Union([Type.Literal('mine'), Type.Literal('queue'), Type.Literal('all')], {
  default: 'mine',
  description: "mine: assigned to me; queue: open, unclaimed tasks I may claim (a candidate group among my roles or teams, or me as a candidate user); all: every task I may see.",
});

const TaskRecordSchema = Closed({ id: Type.String(), type: Type.String(), number: Type.String(), title: Type.String() });
const TaskSchema = Closed({
  id: Type.String(),
  instanceId: Type.String(),
  executionId: Type.String(),
  elementId: Type.String(),
  name: Nullable(Type.String()),
  formKey: Nullable(Type.String()),
  assignee: Nullable(Type.String({ description: 'The user id holding the task.' })),
  candidateUsers: Type.Array(Type.String()),
  candidateGroups: Type.Array(Type.String({ description: 'Role ids (and team ids) whose members may claim it.' })),
  status: Type.String(),
  dueAt: Nullable(Instant),
  createdAt: Instant,
  claimedAt: Nullable(Instant),
  endedAt: Nullable(Instant),
  completedBy: Nullable(Type.String()),
  record: Nullable(TaskRecordSchema),
});
const FormSchema = Closed({
  key: Type.String(),
  bundle: Type.String(),
  version: Type.String({ description: 'Fetch the form localized, with its compiled validator, from /forms/{bundle}/{version}/{key}.' }),
  titleKey: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'The JSON Schema the data is validated with on completion.' }),
  uiSchema: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
const TaskDetailSchema = Type.Composite([TaskSchema, Closed({ form: Nullable(FormSchema) })]);
const InstanceSchema = Closed({
  id: Type.String(),
  bundle: Type.String(),
  bundleVersionId: Type.String(),
  processId: Type.String(),
  businessKey: Nullable(Type.String()),
  recordId: Nullable(Type.String()),
  status: Type.String({ description: 'running, completed, failed or cancelled' }),
  version: Type.Integer(),
  variables: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'Null unless the caller may update the record.' })),
  startedAt: Instant,
  endedAt: Nullable(Instant),
  error: Nullable(Closed({ code: Type.String(), message: Type.String() })),
});
const HistorySchema = Closed({ elementId: Type.String(), elementType: Type.String(), executionId: Type.String(), event: Type.String(), actor: Nullable(Type.String()), at: Instant });
const TaskListQuery = Closed({ view: ListView, status: Status, recordId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: "Only the tasks of this record's processes." })) });

/** The actions a caller's API token allows; a session allows all. */
function tokenAllows(caller: Caller, action: GrantAction): boolean {
  return caller.via.kind !== 'token' || caller.via.scopes.includes('*') || caller.via.scopes.includes(action);
}

/** Claiming, unclaiming and completing change the work on a record: an API token needs `update` (or `*`). */
function assertTokenMayWork(caller: Caller): void {
  if (!tokenAllows(caller, 'update')) throw new FlowdeskError('FORBIDDEN', "this API token's scopes do not allow working tasks (needs update or *)");
}

function actorOf(caller: Caller): Actor {
  return { id: caller.userId, groups: [...caller.roles, ...caller.teamIds] };
}

/**
 * The runtime's verdict on what the body carried (form violations, a process for another record
 * type), as the API reports every invalid body: INPUT_INVALID, each detail's pointer under `body`.
 */
function asBodyError(error: unknown): unknown {
  if (!(error instanceof FlowdeskError) || (error.code !== 'TASK_FORM_INVALID' && error.code !== 'INPUT_INVALID')) return error;
  const details = (error.details as Array<{ pointer?: string; message: string }>).map((d) => ({ pointer: `body${!d.pointer || d.pointer === '/' ? '' : d.pointer}`, message: d.message }));
  return new FlowdeskError('INPUT_INVALID', error.message, { details, cause: error });
}
const rethrowAsBodyError = (error: unknown): never => {
  throw asBodyError(error);
};

export function processRoutes({ db, processes, access, records, recordTypes }: ProcessRoutesDeps): ApiRoute[] {
  const { tasks } = processes;
  const user = { tag: TAG, access: 'user' as const };

  /**
   * The caller's reach for the action over every record type, plus — for task reads and task
   * work — the tasks without a record they hold or may claim.
   */
  async function scopeOf(caller: Caller, action: GrantAction, options: { withActor?: boolean } = {}): Promise<ProcessScope> {
    if (caller.isAdmin && tokenAllows(caller, action)) return { kind: 'all' };
    const reachable: Array<{ recordType: string; scope: RecordScope }> = [];
    for (const type of await recordTypes.list()) {
      const scope = await access.scopeFor(caller, type.id, action);
      if (scope.kind !== 'none') reachable.push({ recordType: type.id, scope });
    }
    return { kind: 'some', records: reachable, ...(options.withActor ? { actor: actorOf(caller) } : {}) };
  }
  const readScope = (caller: Caller) => scopeOf(caller, 'read', { withActor: true });

  /** Whether the scope reaches the instance (which the caller can already see). */
  async function reaches(instanceId: string, scope: ProcessScope): Promise<boolean> {
    return processes.getInstance(instanceId, { scope }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof FlowdeskError && error.code === 'PROCESS_INSTANCE_NOT_FOUND') return false;
        throw error;
      },
    );
  }

  /** The instance as this caller may see it: its variables only for those who may update its record. */
  async function shown(caller: Caller, instance: InstanceView): Promise<InstanceView | (Omit<InstanceView, 'variables'> & { variables: null })> {
    if (caller.isAdmin || (instance.recordId !== null && (await reaches(instance.id, await scopeOf(caller, 'update'))))) return instance;
    return { ...instance, variables: null };
  }

  /** A task with neither assignee nor candidates is anyone's who may see it: here, it needs `update` on its record. */
  async function assertMayTakeUnrestricted(caller: Caller, task: TaskView): Promise<void> {
    if (task.assignee !== null || task.candidateUsers.length > 0 || task.candidateGroups.length > 0 || caller.isAdmin) return;
    if (task.record && (await reaches(task.instanceId, await scopeOf(caller, 'update')))) return;
    throw new FlowdeskError('TASK_NOT_ALLOWED', 'this task has no candidates: only those who may update its record may take it');
  }

  /** The record of the type named by `key` if the caller may `action` it: RECORD_NOT_FOUND out of read reach, FORBIDDEN when readable only. */
  async function recordFor(caller: Caller, typeId: string, key: string, action: GrantAction): Promise<{ record: RecordView; scope: RecordScope }> {
    const find = async (scope: RecordScope) => {
      if (scope.kind === 'none') return null;
      const record = await records.get(key, scope).catch((error: unknown) => {
        if (error instanceof FlowdeskError && error.code === 'RECORD_NOT_FOUND') return null;
        throw error;
      });
      return record && record.type === typeId ? record : null; // a scope for one type must never reach a record of another
    };
    const scope = await access.scopeFor(caller, typeId, action);
    const record = await find(scope);
    if (record) return { record, scope };
    if (await find(await access.scopeFor(caller, typeId, 'read'))) throw new FlowdeskError('FORBIDDEN', `you may read this record but not ${action} it`);
    throw new FlowdeskError('RECORD_NOT_FOUND', 'no record with that id or number that you may see');
  }

  /** The new assignee of a task without a record must be an active user. */
  async function assertActiveUser(userId: string): Promise<void> {
    const found = await db.knex('users').where({ id: userId, status: 'active' }).first('id');
    if (!found) throw new FlowdeskError('REFERENCE_NOT_FOUND', 'no active user with that id', { details: [{ pointer: 'body/assignee', message: 'no such active user' }] });
  }

  return [
    route({
      ...user,
      method: 'post',
      path: '/records/:type/:key/processes',
      summary: 'Start a process of an installed bundle for a record',
      description:
        'Needs update on the record. The process runs on the newest installed version of the bundle and belongs to the record: its tasks are visible to whoever may read the record. The variable `record` ({ id, type, number, organizationId, callerId, createdBy }) is set for the diagram; the business key messages correlate by is the record id.',
      params: Closed({ type: TypeId, key: RecordKey }),
      body: Closed({ bundle: Type.String({ minLength: 1, maxLength: 100 }), processId: Type.String({ minLength: 1, maxLength: 200 }), variables: Type.Optional(Variables) }),
      status: 201,
      response: InstanceSchema,
      errors: ['RECORD_NOT_FOUND', 'FORBIDDEN', 'BUNDLE_NOT_FOUND', 'PROCESS_NOT_FOUND', 'PROCESS_STEP_LIMIT'],
      async handler({ caller, params, body }) {
        const { record, scope } = await recordFor(caller!, params.type, params.key, 'update');
        const variables = body.variables ?? {};
        if (Object.hasOwn(variables, 'record')) throw new FlowdeskError('INPUT_INVALID', 'the variable record is set by Flowdesk', { details: [{ pointer: 'body/variables/record', message: 'is set by Flowdesk' }] });
        const about = { id: record.id, type: record.type, number: record.number, organizationId: record.organizationId, callerId: record.callerId, createdBy: record.createdBy };
        return processes.start({ bundle: body.bundle, processId: body.processId, variables: { ...variables, record: about }, record: { id: record.id, type: record.type, scope }, actor: caller!.userId }).catch(rethrowAsBodyError);
      },
    }),

    route({
      ...user,
      method: 'get',
      path: '/tasks',
      summary: 'My tasks, my queues, or every task I may see, oldest first, a page at a time',
      query: Type.Composite([TaskListQuery, Closed({ cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'The nextCursor of the previous page.' })), limit: Type.Integer({ minimum: 1, maximum: MAX_TASK_PAGE, default: 50 }) })]),
      response: Closed({ items: Type.Array(TaskSchema), nextCursor: Nullable(Type.String()) }),
      async handler({ caller, query }) {
        return tasks.page({ view: query.view, status: query.status, actor: actorOf(caller!), scope: await readScope(caller!), limit: query.limit, ...(query.recordId ? { recordId: query.recordId } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/tasks/count',
      summary: 'How many tasks a list holds over all its pages',
      query: TaskListQuery,
      response: Closed({ count: Type.Integer() }),
      async handler({ caller, query }) {
        return { count: await tasks.count({ view: query.view, status: query.status, actor: actorOf(caller!), scope: await readScope(caller!), ...(query.recordId ? { recordId: query.recordId } : {}) }) };
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/tasks/:id',
      summary: 'A task, with the form it is completed with (key, JSON Schema, uiSchema)',
      params: IdParams,
      response: TaskDetailSchema,
      errors: ['TASK_NOT_FOUND'],
      async handler({ caller, params }) {
        const task = await tasks.get(params.id, { scope: await readScope(caller!) });
        return { ...task, form: await processes.taskForm(task) };
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/tasks/:id/claim',
      summary: 'Claim an unclaimed task you are a candidate for',
      params: IdParams,
      response: TaskSchema,
      errors: ['TASK_NOT_FOUND', 'TASK_NOT_OPEN', 'TASK_ALREADY_CLAIMED', 'TASK_NOT_ALLOWED', 'FORBIDDEN'],
      async handler({ caller, params }) {
        assertTokenMayWork(caller!);
        const scope = await readScope(caller!);
        await assertMayTakeUnrestricted(caller!, await tasks.get(params.id, { scope }));
        return tasks.claim(params.id, actorOf(caller!), { scope });
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/tasks/:id/unclaim',
      summary: 'Give back a task you hold',
      params: IdParams,
      response: TaskSchema,
      errors: ['TASK_NOT_FOUND', 'TASK_NOT_OPEN', 'TASK_NOT_ALLOWED', 'FORBIDDEN'],
      async handler({ caller, params }) {
        assertTokenMayWork(caller!);
        return tasks.unclaim(params.id, actorOf(caller!), { scope: await readScope(caller!) });
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/tasks/:id/complete',
      summary: 'Complete a task with its form data',
      description: 'The body is the form data, validated against the task form: every violation comes back with its pointer (INPUT_INVALID), and nothing advances. The data becomes process variables.',
      params: IdParams,
      body: Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), { description: 'The form data.' }),
      response: Closed({ task: TaskSchema, instance: Closed({ id: Type.String(), status: Type.String(), version: Type.Integer(), endedAt: Nullable(Instant) }) }),
      errors: ['TASK_NOT_FOUND', 'TASK_NOT_OPEN', 'TASK_NOT_ALLOWED', 'FORBIDDEN', 'PROCESS_NOT_RUNNING', 'PROCESS_VERSION_CONFLICT', 'PROCESS_STEP_LIMIT'],
      async handler({ caller, params, body }) {
        assertTokenMayWork(caller!);
        const scope = await readScope(caller!);
        await assertMayTakeUnrestricted(caller!, await tasks.get(params.id, { scope }));
        const instance = await processes.completeTask(params.id, actorOf(caller!), body, { scope }).catch(rethrowAsBodyError);
        return { task: await tasks.get(params.id, { scope }), instance: { id: instance.id, status: instance.status, version: instance.version, endedAt: instance.endedAt } };
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/tasks/:id/reassign',
      summary: 'Hand a task to another user',
      description: "Needs assign on the task's record; the new assignee must be a user in the record's reach (REFERENCE_OUT_OF_SCOPE otherwise). A task without a record: administrators only.",
      params: IdParams,
      body: Closed({ assignee: Type.String({ minLength: 1, maxLength: 36, description: 'A user id.' }), reason: Type.Optional(Type.String({ maxLength: 500 })) }),
      response: TaskSchema,
      errors: ['TASK_NOT_FOUND', 'FORBIDDEN', 'TASK_NOT_OPEN', 'TASK_ALREADY_CLAIMED', 'REFERENCE_OUT_OF_SCOPE', 'REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body }) {
        const task = await tasks.get(params.id, { scope: await readScope(caller!) });
        const scope = await scopeOf(caller!, 'assign');
        if (task.record) {
          if (!(await reaches(task.instanceId, scope))) throw new FlowdeskError('FORBIDDEN', 'you may see this task but not assign its record');
          await access.checkPlacement(caller!, task.record.type, 'assign', { assigneeId: body.assignee });
        } else {
          if (scope.kind !== 'all') throw new FlowdeskError('FORBIDDEN', 'only administrators reassign tasks that belong to no record');
          await assertActiveUser(body.assignee);
        }
        return tasks.reassign(params.id, actorOf(caller!), body.assignee, body.reason, { scope, asDispatcher: true });
      },
    }),

    route({
      ...user,
      method: 'get',
      path: '/processes/:id',
      summary: 'A process instance (its variables only for those who may update its record)',
      params: IdParams,
      response: InstanceSchema,
      errors: ['PROCESS_INSTANCE_NOT_FOUND'],
      async handler({ caller, params }) {
        return shown(caller!, await processes.getInstance(params.id, { scope: await scopeOf(caller!, 'read') }));
      },
    }),
    route({
      ...user,
      method: 'get',
      path: '/processes/:id/history',
      summary: 'What a process instance entered, left and discarded, and who cancelled it, oldest first',
      params: IdParams,
      response: Closed({ items: Type.Array(HistorySchema) }),
      errors: ['PROCESS_INSTANCE_NOT_FOUND'],
      async handler({ caller, params }) {
        return { items: await processes.history(params.id, { scope: await scopeOf(caller!, 'read') }) };
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/processes/:id/cancel',
      summary: 'Cancel a running process instance: its open tasks are cancelled, its timers dropped',
      description: 'Needs cancel on the instance’s record; an instance without a record: administrators only.',
      params: IdParams,
      body: Closed({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
      response: InstanceSchema,
      errors: ['PROCESS_INSTANCE_NOT_FOUND', 'FORBIDDEN', 'PROCESS_NOT_RUNNING', 'PROCESS_VERSION_CONFLICT'],
      async handler({ caller, params, body }) {
        await processes.getInstance(params.id, { scope: await scopeOf(caller!, 'read') });
        const scope = await scopeOf(caller!, 'cancel');
        if (!(await reaches(params.id, scope))) throw new FlowdeskError('FORBIDDEN', 'you may see this process but not cancel it');
        return shown(caller!, await processes.cancel(params.id, caller!.userId, { scope, ...(body.reason ? { reason: body.reason } : {}) }));
      },
    }),
  ];
}
