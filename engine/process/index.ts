/** The durable process runtime: instances on bpmn-engine, user tasks, and the job handlers that move them on. */
export { createProcessRuntime, type HistoryEntry, type InstanceView, type JobCompletion, type ProcessRuntime, type ProcessRuntimeDeps, type ScriptRunner, type StartOptions } from './process-runtime.js';
export type { Actor, TaskFilter, TaskView } from './task-store.js';
export { DEFAULT_STEP_LIMIT } from './engine-session.js';
export { createSafeExpressions, evaluateExpression, parseExpression, type SafeExpressions } from './expressions/index.js';
