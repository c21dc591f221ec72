import type { PluginCall, PluginResult } from './plugin-call.js';
import { PluginError } from './plugin-error.js';
import { DEFAULT_CEILING, MIN_MEMORY_MB, resolveLimits, type PluginCeiling } from './plugin-limits.js';
import { exceedsBytes, readEnvelope } from './reply-envelope.js';
import { createWorkerPool, type WorkerPoolStats } from './worker-pool.js';

export interface PluginRunnerOptions {
  /** Sandbox worker processes (default 2). */
  workers?: number;
  /** The most any call may ask for (default 1000 ms CPU, 128 MB). */
  ceiling?: PluginCeiling;
  /** Largest input, as UTF-8 JSON text (default 256 KiB). */
  maxInputBytes?: number;
  /** Largest output, as UTF-8 JSON text (default 256 KiB). */
  maxOutputBytes?: number;
  /** A worker whose resident memory passes this after a call is replaced (default 1024). */
  maxWorkerRssMb?: number;
}

export interface PluginRunnerStats extends WorkerPoolStats {
  /** Calls accepted, whatever their outcome. */
  calls: number;
  /** Scripts compiled (once per key, memory limit and worker while warm). */
  compilations: number;
}

/** Runs bundle scripts in isolated-vm, in worker processes; see docs/plugin-sdk.md. */
export interface PluginRunner {
  /** The script's output and logs; fails with a PluginError. */
  call(call: PluginCall): Promise<PluginResult>;
  stats(): PluginRunnerStats;
  /** Stops the workers; calls still open fail with PLUGIN_CRASHED. */
  close(): Promise<void>;
}

const DEFAULT_MAX_JSON_BYTES = 256 * 1024;

export function createPluginRunner(options: PluginRunnerOptions = {}): PluginRunner {
  const ceiling = options.ceiling ?? DEFAULT_CEILING;
  const workers = options.workers ?? 2;
  if (!(ceiling.cpuMs >= 1 && ceiling.memoryMb >= MIN_MEMORY_MB)) {
    throw new RangeError(`the plugin ceiling needs at least 1 ms of CPU and ${MIN_MEMORY_MB} MB`);
  }
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError('a plugin runner needs at least one worker');
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_JSON_BYTES;
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_JSON_BYTES;
  const pool = createWorkerPool({ size: workers, settings: { maxRssMb: options.maxWorkerRssMb ?? 1024 } });
  let calls = 0;
  let compilations = 0;
  return {
    async call({ script, input, now, limits }) {
      if (Number.isNaN(Date.parse(now))) throw new TypeError(`now must be an ISO instant, not "${now}"`);
      const effective = resolveLimits(limits, ceiling);
      const request = {
        script: { key: script.key, kind: script.kind, source: script.source, filename: script.filename },
        input: inputJsonOf(input, maxInputBytes),
        now,
        limits: effective,
        maxOutputBytes,
      };
      calls++;
      const reply = await pool.submit(request, effective.wallMs);
      if (reply.compiled) compilations++;
      return { ...readEnvelope(reply.envelope, maxOutputBytes), cpuMs: reply.cpuMs };
    },
    stats: () => ({ ...pool.stats(), calls, compilations }),
    close: () => pool.close(),
  };
}

function inputJsonOf(input: unknown, maxBytes: number): string {
  const json = JSON.stringify(input);
  if (json === undefined) throw new TypeError('a plugin input must be a JSON value');
  if (exceedsBytes(json, maxBytes)) {
    throw new PluginError('PLUGIN_INPUT_TOO_LARGE', `the input is larger than ${maxBytes} bytes`);
  }
  return json;
}
