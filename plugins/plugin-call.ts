/** The contract of one plugin call: what the caller hands over and what comes back. */

/** A bundle script. `key` names one compiled script: the caller keeps it unique per source. */
export interface PluginSource {
  /** e.g. `<bundleVersionId>:<pluginId>`; a key seen before reuses its compiled script. */
  key: string;
  /** `module`: an ES module exporting `run(input, flowdesk)`. `inline`: a function body that `return`s the output. */
  kind: 'module' | 'inline';
  source: string;
  /** Shown in compile errors and stack positions, e.g. `plugins/score-suggestion.js`. */
  filename: string;
}

/** Per-call limits; each is capped by the runner's ceiling. */
export interface PluginLimits {
  /** CPU time the script may use in this call (default 50). */
  cpuMs?: number;
  /** Memory of the script's isolate (default 32, at least 8). */
  memoryMb?: number;
  /** Wall-clock deadline enforced from the host, by killing the worker (default cpuMs × 4 + 250). */
  wallMs?: number;
}

export interface PluginCall {
  script: PluginSource;
  /** Any JSON value; it crosses into the sandbox as a copy. */
  input: unknown;
  /** The ISO instant `flowdesk.now()`, `Date.now()` and `new Date()` return inside the call. */
  now: string;
  limits?: PluginLimits;
}

export interface PluginLog {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface PluginResult {
  /** The JSON value `run` returned (or its promise resolved to), parsed from text made in the sandbox. */
  output: unknown;
  logs: PluginLog[];
  /** CPU time the isolate spent on this call. */
  cpuMs: number;
}
