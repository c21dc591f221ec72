import type { PluginLog } from './plugin-call.js';

/** Every way a plugin call can fail; the engine maps each to its own FlowdeskError code. */
export const PLUGIN_ERROR_CODES = [
  'PLUGIN_TIMEOUT',
  'PLUGIN_MEMORY',
  'PLUGIN_THREW',
  'PLUGIN_OUTPUT_TOO_LARGE',
  'PLUGIN_INPUT_TOO_LARGE',
  'PLUGIN_OUTPUT_INVALID',
  'PLUGIN_COMPILE_FAILED',
  'PLUGIN_CRASHED',
  'PLUGIN_FORBIDDEN',
] as const;

export type PluginErrorCode = (typeof PLUGIN_ERROR_CODES)[number];

/** Whether a string (e.g. from a worker's reply) is one of the codes. */
export function isPluginErrorCode(value: string): value is PluginErrorCode {
  return (PLUGIN_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * A failed plugin call. `message` is plain text made inside the sandbox (or by the runner), never
 * an object of the script's; `logs` are the entries the script wrote before it failed, if any.
 */
export class PluginError extends Error {
  readonly code: PluginErrorCode;
  readonly logs: readonly PluginLog[];

  constructor(code: PluginErrorCode, message: string, logs: readonly PluginLog[] = []) {
    super(message);
    this.name = 'PluginError';
    this.code = code;
    this.logs = logs;
  }
}
