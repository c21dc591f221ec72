/**
 * plugins/: the only door through which bundle code runs. Scripts run in isolated-vm isolates
 * inside separate worker processes; only JSON text crosses in and out. Other rooms import this file.
 */
export type { PluginCall, PluginLimits, PluginLog, PluginResult, PluginSource } from './plugin-call.js';
export type { PluginCeiling } from './plugin-limits.js';
export { DEFAULT_CEILING, DEFAULT_LIMITS } from './plugin-limits.js';
export { PLUGIN_ERROR_CODES, PluginError, isPluginErrorCode, type PluginErrorCode } from './plugin-error.js';
export { createPluginRunner, type PluginRunner, type PluginRunnerOptions, type PluginRunnerStats } from './plugin-runner.js';
