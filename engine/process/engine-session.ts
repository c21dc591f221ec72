/**
 * One bpmn-engine execution of one process instance, driven to rest. The session owns what
 * bpmn-engine must never do on its own in Flowdesk: timers become durable jobs (EngineTimers),
 * service and script tasks become plugin calls run by jobs (captured here, resumed later), and
 * every condition and expression goes to the safe evaluator or the sandbox.
 */
import { Engine } from 'bpmn-engine';
import { JAVASCRIPT_FORMATS } from '../bundle/bpmn/bpmn-support.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { EngineTimers, type ArmedTimer } from './engine-timers.js';
import type { SafeExpressions } from './expressions/index.js';

/** Steps (activities entered) one command may take before it is stopped as a runaway. */
export const DEFAULT_STEP_LIMIT = 10_000;

/** What the session needs from outside: the sandbox, for `language="javascript"` conditions. */
export interface SessionSandbox {
  runInline(source: string, filename: string, input: unknown): Promise<unknown>;
}

export interface SessionOptions {
  name: string;
  /** The serialized definition, parsed once per bundle version and shared. */
  sourceContext: unknown;
  sandbox: SessionSandbox;
  /** The safe evaluator for every `${…}`; shared, so parsed expressions are cached across sessions. */
  expressions: SafeExpressions;
  stepLimit?: number;
}

export interface WaitingTask {
  executionId: string;
  elementId: string;
  elementType: string;
  name: string | null;
  formKey: string | null;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  dueIn: string | null;
  /** The business calendar `dueIn` is counted in (flowdesk:calendar), or null for calendar time. */
  calendar: string | null;
  /** One iteration of a multi-instance task (countersign). */
  multiInstance: boolean;
}

export interface WaitingEvent {
  executionId: string;
  elementId: string;
  kind: 'message' | 'signal';
  name: string;
  refId: string;
}

/** A service or script task waiting for its plugin call, which a job makes. */
export interface PendingCall {
  executionId: string;
  elementId: string;
  elementType: string;
  plugin: string | null;
  script: string | null;
}

export interface HistoryEvent {
  elementId: string;
  elementType: string;
  executionId: string;
  event: 'enter' | 'leave' | 'discard';
}

export interface ThrownSignal {
  name: string;
  refId: string;
}

export type SessionStatus = 'running' | 'completed' | 'failed';

export interface SessionSnapshot {
  status: SessionStatus;
  error: { code: string; message: string } | null;
  tasks: WaitingTask[];
  events: WaitingEvent[];
  timers: ArmedTimer[];
  calls: PendingCall[];
}

/* Minimal shapes of the bpmn-engine objects the session touches. */
interface ElementBehaviour {
  [key: string]: unknown;
  eventDefinitions?: Array<{ type: string; behaviour?: { messageRef?: Reference; signalRef?: Reference } }>;
  messageRef?: Reference;
}
interface Reference {
  id: string;
  name?: string;
}
interface ElementApi {
  id: string;
  type: string;
  executionId: string;
  content: { isRootScope?: boolean; isMultiInstance?: boolean; message?: Reference; parent?: { id: string }; [key: string]: unknown };
  owner: { id: string; type: string; name?: string; isSubProcess?: boolean; isMultiInstance?: boolean; triggeredByEvent?: boolean; behaviour: ElementBehaviour; execution?: { getPostponed(): ElementApi[] } };
  resolveExpression(expression: string): unknown;
  signal(message: Record<string, unknown>): void;
  discard(): void;
}
interface EnvironmentHandle {
  variables: Record<string, unknown>;
  assignVariables(values: Record<string, unknown>): void;
}
interface ScopeActivity {
  id: string;
  triggeredByEvent?: boolean;
  isRunning: boolean;
  run(): void;
}
interface ProcessHandle {
  environment: EnvironmentHandle;
  getActivities(): ScopeActivity[];
  getPostponed(): ElementApi[];
}
interface DefinitionHandle {
  environment: EnvironmentHandle;
  getRunningProcesses(): ProcessHandle[];
}
interface EngineExecution {
  state: string;
  definitions: DefinitionHandle[];
  getPostponed(): ElementApi[];
  signal(message: Record<string, unknown>): void;
}
interface ExecutionScope {
  environment: { variables: Record<string, unknown> };
  content: { executionId: string; id: string };
}
type Callback = (error: Error | null, output?: unknown) => void;

const USER_TASK_TYPES = new Set(['bpmn:UserTask', 'bpmn:ManualTask']);
const CALL_TASK_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);

export class EngineSession {
  readonly timers = new EngineTimers();
  private readonly engine: InstanceType<typeof Engine>;
  private execution: EngineExecution | null = null;
  private readonly calls = new Map<string, { call: PendingCall; done: Callback }>();
  private readonly pending = new Set<Promise<unknown>>();
  private history: HistoryEvent[] = [];
  private thrown: ThrownSignal[] = [];
  /** Scopes whose interrupting start event fired since the engine was last at rest (event subprocesses matter). */
  private interruptions = new Set<string>();
  private events = 0;
  private steps = 0;
  private failure: FlowdeskError | null = null;
  private error: { code: string; message: string } | null = null;
  private readonly stepLimit: number;

  constructor(private readonly options: SessionOptions) {
    this.stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
    this.engine = new Engine({
      name: options.name,
      sourceContext: options.sourceContext,
      expressions: options.expressions,
      scripts: this.scriptsHandler(),
      timers: this.timers,
      extensions: { flowdesk: (activity: { type: string; behaviour: Record<string, unknown> }) => this.serviceExtension(activity) },
      // Idle elements (not yet reached, or done) keep no state: a smaller state to write and to read back.
      settings: { enableDummyService: false, disableTrackState: true },
    } as never);
    this.engine.on('error', (error: unknown) => this.recordError(error));
  }

  /** Starts the process with its first variables and runs it to rest. */
  async start(variables: Record<string, unknown>): Promise<void> {
    this.execution = (await this.engine.execute({ listener: this.listener(), variables } as never)) as unknown as EngineExecution;
    this.armEventSubprocesses();
    await this.settle();
  }

  /** Rebuilds the execution from stored state; waiting timers and calls are captured again. */
  async resume(state: unknown): Promise<void> {
    this.engine.recover(state as never);
    this.execution = (await this.engine.resume({ listener: this.listener() } as never)) as unknown as EngineExecution;
    await this.settle();
  }

  /**
   * Merges values into the process variables (form data, plugin output). Each running process
   * has its own copy of the environment, which its activities and conditions read.
   */
  assignVariables(values: Record<string, unknown>): void {
    for (const definition of this.running().definitions) {
      definition.environment.assignVariables(values);
      for (const process of definition.getRunningProcesses()) process.environment.assignVariables(values);
    }
  }

  variables(): Record<string, unknown> {
    const definition = this.running().definitions[0];
    const process = definition?.getRunningProcesses()[0];
    return { ...(process ?? definition)?.environment.variables };
  }

  /**
   * Completes a waiting user task, receive task or catch event (by its `executionId`), or
   * delivers a message/signal by reference id to whatever waits for it.
   */
  async signal(message: Record<string, unknown>): Promise<void> {
    const execution = this.running();
    // A waiting activity is signalled through its own api: a signal broadcast from the top
    // shares its correlation with anything it sets off, and bpmn-elements then stops
    // delegating an error thrown on the way before the boundary that would catch it sees it.
    const waiting = message['executionId'] ? waitingLeaves(execution.getPostponed()).find((api) => api.executionId === message['executionId']) : undefined;
    if (waiting) waiting.signal(message);
    else execution.signal(message);
    await this.settle();
  }

  async fireTimer(executionId: string): Promise<boolean> {
    const timer = this.timers.current().get(executionId);
    if (!timer) return false;
    timer.fire();
    await this.settle();
    return true;
  }

  /** Finishes a captured service/script task with the plugin's output, or fails it. */
  async finishCall(executionId: string, outcome: { output: Record<string, unknown> } | { error: Error }): Promise<boolean> {
    const pending = this.calls.get(executionId);
    if (!pending) return false;
    this.calls.delete(executionId);
    if ('error' in outcome) pending.done(outcome.error);
    else {
      this.assignVariables(outcome.output);
      pending.done(null, outcome.output);
    }
    await this.settle();
    return true;
  }

  /** Stops the engine (a cancelled instance): nothing it holds runs on. */
  async stop(): Promise<void> {
    await this.engine.stop();
  }

  /** The engine state to store: without the diagram, which is stored once per bundle version. */
  async state(): Promise<unknown> {
    const state = (await this.engine.getState()) as { definitions: Array<Record<string, unknown>> };
    return { ...state, definitions: state.definitions.map(({ source: _source, ...rest }) => rest) };
  }

  snapshot(): SessionSnapshot {
    const execution = this.running();
    const leaves = waitingLeaves(execution.getPostponed());
    const status: SessionStatus = this.error ? 'failed' : execution.state === 'idle' || execution.state === 'stopped' ? 'completed' : 'running';
    return {
      status,
      error: this.error,
      tasks: status === 'running' ? leaves.filter((api) => USER_TASK_TYPES.has(api.type)).map(describeTask) : [],
      events: status === 'running' ? leaves.flatMap(describeEvents) : [],
      timers: status === 'running' ? [...this.timers.current().values()] : [],
      calls: status === 'running' ? [...this.calls.values()].map((c) => c.call) : [],
    };
  }

  /** History since the last call, oldest first. */
  drainHistory(): HistoryEvent[] {
    const drained = this.history;
    this.history = [];
    return drained;
  }

  /** Signals thrown by intermediate/end throw events since the last call, for other instances. */
  drainThrownSignals(): ThrownSignal[] {
    const drained = this.thrown;
    this.thrown = [];
    return drained;
  }

  /** Runs until nothing moves: no events in a full turn of the event loop and no sandbox call pending. */
  private async settle(): Promise<void> {
    for (;;) {
      const seen = this.events;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failure) throw this.failure;
      if (this.pending.size > 0) {
        await Promise.allSettled([...this.pending]);
        continue;
      }
      if (this.events === seen && !this.applyEventSubprocessRules()) return;
    }
  }

  /**
   * bpmn-elements starts an event subprocess only for events thrown inside its own process, so
   * timer starts and messages from outside would never reach it. The session starts each one
   * with its process instead: its start event then waits like any catch event — a durable timer
   * job or a message/signal subscription.
   */
  private armEventSubprocesses(): void {
    for (const process of this.runningProcesses()) {
      for (const activity of process.getActivities()) if (activity.triggeredByEvent && !activity.isRunning) activity.run();
    }
  }

  /**
   * What BPMN asks of started event subprocesses, applied when the engine is at rest: an
   * interrupting one that fired cancels the rest of its process; ones still waiting for their
   * start are withdrawn once nothing else runs, so the process can end. True if anything moved.
   */
  private applyEventSubprocessRules(): boolean {
    let moved = false;
    const fired = this.interruptions;
    this.interruptions = new Set();
    for (const process of this.runningProcesses()) {
      const postponed = process.getPostponed();
      const interrupting = postponed.find((api) => api.owner.triggeredByEvent && fired.has(api.id));
      if (interrupting) {
        this.discard(postponed.filter((api) => api !== interrupting));
        moved = true;
        continue;
      }
      const waitingToStart = postponed.filter(isUntriggeredEventSubprocess);
      if (waitingToStart.length > 0 && waitingToStart.length === postponed.length) {
        this.discard(waitingToStart);
        moved = true;
      }
    }
    return moved;
  }

  /**
   * Discards activities and disarms the timers waiting inside them: a subprocess resumed from
   * state and then discarded leaves its inner timers armed in bpmn-elements.
   */
  private discard(apis: ElementApi[]): void {
    const inside = new Set(waitingLeaves(apis).map((api) => api.id));
    for (const api of apis) api.discard();
    this.timers.clearActivities(inside);
  }

  private runningProcesses(): ProcessHandle[] {
    return this.running().definitions.flatMap((definition) => definition.getRunningProcesses());
  }

  private running(): EngineExecution {
    if (!this.execution) throw new Error('the engine session has not started');
    return this.execution;
  }

  private listener() {
    return {
      emit: (name: string, api: ElementApi | undefined) => {
        this.events++;
        if (!api?.executionId) return true;
        switch (name) {
          case 'activity.enter':
            if (++this.steps > this.stepLimit) this.stopRunaway();
            this.history.push({ elementId: api.id, elementType: api.owner.type, executionId: api.executionId, event: 'enter' });
            break;
          case 'activity.end':
            this.history.push({ elementId: api.id, elementType: api.owner.type, executionId: api.executionId, event: 'leave' });
            if (api.owner.type === 'bpmn:StartEvent' && api.owner.behaviour['isInterrupting'] !== false && api.content.parent) this.interruptions.add(api.content.parent.id);
            break;
          case 'activity.discard':
            this.history.push({ elementId: api.id, elementType: api.owner.type, executionId: api.executionId, event: 'discard' });
            break;
          case 'activity.signal': {
            const ref = api.content.message;
            if (ref?.id) this.thrown.push({ name: ref.name ?? ref.id, refId: ref.id });
            break;
          }
        }
        return true;
      },
    };
  }

  /** A diagram that loops without waiting is stopped here, with a clear error, before it hangs a worker. */
  private stopRunaway(): never {
    this.failure = new FlowdeskError('PROCESS_STEP_LIMIT', `the process took more than ${this.stepLimit} steps without reaching a wait state; it is stopped`);
    void this.engine.stop();
    throw this.failure;
  }

  private recordError(error: unknown): void {
    this.error = { code: 'PROCESS_FAILED', message: String((error as { message?: string })?.message ?? error).slice(0, 1000) };
  }

  /** Service, send and business-rule tasks: their flowdesk:plugin call is captured and run by a job. */
  private serviceExtension(activity: { type: string; behaviour: Record<string, unknown> }) {
    if (!CALL_TASK_TYPES.has(activity.type) || activity.type === 'bpmn:ScriptTask') return undefined;
    const plugin = typeof activity.behaviour['plugin'] === 'string' ? activity.behaviour['plugin'] : null;
    const capture = (call: PendingCall, done: Callback) => this.capture(call, done);
    class PluginService {
      constructor(private readonly owner: { id: string; type: string }) {}
      execute(message: { content: { executionId: string } }, done: Callback): void {
        // A task with no plugin is a no-op, like an untyped task.
        if (!plugin) return done(null, {});
        capture({ executionId: message.content.executionId, elementId: this.owner.id, elementType: this.owner.type, plugin, script: null }, done);
      }
    }
    return {
      activate: () => {
        activity.behaviour['Service'] = PluginService;
      },
      deactivate: () => undefined,
    };
  }

  private capture(call: PendingCall, done: Callback): void {
    this.calls.set(call.executionId, { call, done });
  }

  /** Script tasks and `language="javascript"` conditions: never Node's vm, always the sandbox. */
  private scriptsHandler() {
    return {
      register: () => undefined,
      getScript: (language: string | undefined, activity: { id: string; type: string; behaviour: Record<string, unknown> }) => {
        if (activity.type === 'bpmn:SequenceFlow') {
          // Asked for every condition: without a script language it is an expression, not ours.
          if (!language || !JAVASCRIPT_FORMATS.has(language.toLowerCase())) return undefined;
          const body = String((activity.behaviour['conditionExpression'] as { body?: string } | undefined)?.body ?? '');
          return {
            execute: (scope: ExecutionScope, next: Callback) => {
              const input = { variables: jsonCopy(scope.environment.variables) };
              const run = this.options.sandbox.runInline(body, `${activity.id}.condition.js`, input);
              this.track(run.then((result) => next(null, result === true), (error: Error) => next(error)));
            },
          };
        }
        const plugin = typeof activity.behaviour['plugin'] === 'string' ? activity.behaviour['plugin'] : null;
        const script = plugin ? null : String(activity.behaviour['script'] ?? '');
        return {
          execute: (scope: ExecutionScope, next: Callback) =>
            this.capture({ executionId: scope.content.executionId, elementId: activity.id, elementType: activity.type, plugin, script }, next),
        };
      },
    };
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }
}

/**
 * The activities an execution waits in, one per user-task instance: subprocesses and
 * multi-instance roots are opened up to their children and iterations (whose own listing
 * repeats what was already seen, which ends the descent).
 */
function waitingLeaves(apis: ElementApi[], seen = new Set<string>()): ElementApi[] {
  const leaves: ElementApi[] = [];
  for (const api of apis) {
    if (seen.has(api.executionId)) continue;
    seen.add(api.executionId);
    const owner = api.owner;
    const listing = owner.isSubProcess || owner.isMultiInstance ? (owner.execution?.getPostponed() ?? []) : [];
    // A multi-instance root lists itself (as the root scope) with its iterations; an iteration does not open.
    const opens = owner.isSubProcess || listing.some((child) => child.executionId === api.executionId && child.content.isRootScope === true);
    const inner = opens ? listing.filter((child) => !seen.has(child.executionId)) : [];
    if (inner.length > 0) leaves.push(...waitingLeaves(inner, seen));
    else leaves.push(api);
  }
  return leaves;
}

/** An event subprocess started with its process whose start event still waits. */
function isUntriggeredEventSubprocess(api: ElementApi): boolean {
  if (!api.owner.triggeredByEvent) return false;
  // The subprocess lists itself with what runs inside it.
  const inner = (api.owner.execution?.getPostponed() ?? []).filter((child) => child.id !== api.id);
  return inner.length > 0 && inner.every((child) => child.owner.type === 'bpmn:StartEvent');
}

function describeTask(api: ElementApi): WaitingTask {
  const behaviour = api.owner.behaviour;
  const text = (name: string): string | null => {
    const raw = behaviour[name];
    if (typeof raw !== 'string' || raw.trim() === '') return null;
    const resolved = api.resolveExpression(raw);
    return resolved === undefined || resolved === null || resolved === '' ? null : String(resolved);
  };
  const list = (name: string) => (text(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    executionId: api.executionId,
    elementId: api.id,
    elementType: api.type,
    name: api.owner.name ?? null,
    formKey: text('formKey'),
    assignee: text('assignee'),
    candidateUsers: list('candidateUsers'),
    candidateGroups: list('candidateGroups'),
    dueIn: text('dueIn'),
    calendar: text('calendar'),
    multiInstance: api.owner.isMultiInstance === true,
  };
}

function describeEvents(api: ElementApi): WaitingEvent[] {
  const behaviour = api.owner.behaviour;
  const base = { executionId: api.executionId, elementId: api.owner.id };
  if (api.type === 'bpmn:ReceiveTask' && behaviour.messageRef) {
    return [{ ...base, kind: 'message', name: behaviour.messageRef.name ?? behaviour.messageRef.id, refId: behaviour.messageRef.id }];
  }
  const events: WaitingEvent[] = [];
  for (const definition of behaviour.eventDefinitions ?? []) {
    if (definition.type !== api.type) continue;
    const message = definition.behaviour?.messageRef;
    const signal = definition.behaviour?.signalRef;
    if (message) events.push({ ...base, kind: 'message', name: message.name ?? message.id, refId: message.id });
    if (signal) events.push({ ...base, kind: 'signal', name: signal.name ?? signal.id, refId: signal.id });
  }
  return events;
}

function jsonCopy(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
