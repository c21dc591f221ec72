/**
 * Messages between the host (worker-pool.ts) and a sandbox worker process over Node IPC (JSON).
 * The host sends a worker one request at a time and waits for its reply or kills it.
 */
import type { PluginSource } from './plugin-call.js';
import type { EffectiveLimits } from './plugin-limits.js';

export interface WorkerRequest {
  id: number;
  script: PluginSource;
  /** The input as JSON text: only strings cross into the isolate. */
  input: string;
  now: string;
  limits: EffectiveLimits;
  maxOutputBytes: number;
}

export interface WorkerReady {
  type: 'ready';
}

export interface WorkerReply {
  type: 'reply';
  id: number;
  /** See reply-envelope.ts. */
  envelope: string;
  cpuMs: number;
  /** This call compiled the script (it was not warm in this worker). */
  compiled: boolean;
  /** The worker is over its memory budget and exits after this reply: send it nothing more. */
  retiring: boolean;
}

export type WorkerMessage = WorkerReady | WorkerReply;

/** Passed to the worker as its one command-line argument, as JSON. */
export interface WorkerSettings {
  maxRssMb: number;
}
