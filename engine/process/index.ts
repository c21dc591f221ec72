/** The durable process runtime: instances on bpmn-engine, user tasks, and the job handlers that move them on. */
export { createProcessRuntime, type HistoryEntry, type InstanceView, type JobCompletion, type ProcessRuntime, type ProcessRuntimeDeps, type ScriptRunner, type StartOptions, type TaskForm } from './process-runtime.js';
/** What process steps do to their records (flowdesk:record* attributes). */
export { createRecordEffectWriter, type RecordEffect, type RecordEffectWriter } from './record-effects.js';
/** Work that commits with process steps: task and process events. */
export type { ProcessEvent, ProcessEventKind, ProcessObserver } from './process-observers.js';
export type { Actor, ScopeOption, TaskFilter, TaskView } from './task-store.js';
export type { TaskRecord } from './task-view.js';
/** Which instances and tasks a caller reaches: their record scopes, applied in the SQL of every statement. */
export type { ProcessScope, RecordReach } from './process-scope.js';
export { DEFAULT_TASK_PAGE, MAX_TASK_PAGE, type TaskCountQuery, type TaskListView, type TaskPage, type TaskPageQuery, type TaskStatus } from './task-queries.js';
export { DEFAULT_STEP_LIMIT } from './engine-session.js';
export { createSafeExpressions, evaluateExpression, parseExpression, type SafeExpressions } from './expressions/index.js';
