/**
 * The Flowdesk plugin SDK, for bundle authors: the types of a plugin's `run` and of the `flowdesk`
 * object it receives. Scripts are plain JavaScript; use these types through JSDoc, e.g.
 *
 * ```js
 * /** @type {import('./flowdesk-plugin').PluginRun<{ subject: string }, { score: number }>} *\/
 * export const run = ({ subject }, flowdesk) => ({ score: subject.length });
 * ```
 *
 * See docs/plugin-sdk.md for the sandbox's rules, limits and errors.
 */

/** What crosses into and out of the sandbox: JSON, copied. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Log entries come back with the call's result: at most 50 per call, each cut at 1000 characters. */
export interface FlowdeskLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The second argument of `run`. */
export interface FlowdeskPluginSdk {
  readonly log: FlowdeskLog;
  /** The current instant (ISO 8601), from the engine's clock; `Date.now()` and `new Date()` agree with it. */
  now(): string;
}

/**
 * A plugin's `run`: the output is its return value, or what its promise resolves to. An inline
 * script is the body of such a function, with `input` and `flowdesk` in scope.
 */
export type PluginRun<Input = JsonValue, Output = JsonValue> = (input: Input, flowdesk: FlowdeskPluginSdk) => Output | PromiseLike<Output>;

/**
 * The output that says the task failed as a business outcome (not a crash): the engine throws a
 * BPMN error with this code into the diagram, where an error boundary event whose error has the
 * same `errorCode` catches it. Uncaught, it fails the process instance.
 */
export interface BpmnErrorDecision {
  bpmnError: { code: string; message?: string };
}
