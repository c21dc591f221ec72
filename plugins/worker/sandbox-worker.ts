/**
 * The sandbox worker process, forked by worker-pool.ts: answers one request at a time by running a
 * bundle script in isolated-vm. Whatever goes wrong in here can cost this process, never the host.
 */
import { PluginError } from '../plugin-error.js';
import { failureEnvelope } from '../reply-envelope.js';
import type { WorkerMessage, WorkerRequest, WorkerSettings } from '../worker-protocol.js';
import { compileScript } from './compiled-script.js';
import { createScriptCache } from './script-cache.js';

/** Warm scripts kept per worker, each in its own isolate (a few MB each when idle). */
const WARM_SCRIPTS = 32;
const MB = 1024 * 1024;

const send = hostChannel();
const settings = JSON.parse(process.argv[2] ?? '{}') as WorkerSettings;
const cache = createScriptCache(WARM_SCRIPTS);

process.on('message', (request: WorkerRequest) => void answer(request));
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' } satisfies WorkerMessage);

async function answer(request: WorkerRequest): Promise<void> {
  const outcome = await runRequest(request);
  // memoryLimit is only a guideline: a process far over budget finishes this call, then makes way.
  const isRetiring = process.memoryUsage.rss() > settings.maxRssMb * MB;
  const reply: WorkerMessage = { type: 'reply', id: request.id, ...outcome, retiring: isRetiring };
  send(reply, () => {
    if (isRetiring) process.exit(0);
  });
}

async function runRequest({ script, input, now, limits, maxOutputBytes }: WorkerRequest): Promise<{ envelope: string; cpuMs: number; compiled: boolean }> {
  const warm = cache.get(script.key, limits.memoryMb);
  if (warm !== undefined) return { ...warm.invoke(input, now, limits.cpuMs, maxOutputBytes), compiled: false };
  try {
    const compiled = await compileScript(script, limits);
    cache.set(script.key, compiled);
    return { ...compiled.invoke(input, now, limits.cpuMs, maxOutputBytes), compiled: true };
  } catch (error) {
    const failure = error instanceof PluginError ? error : new PluginError('PLUGIN_COMPILE_FAILED', String(error));
    return { envelope: failureEnvelope(failure.code, failure.message), cpuMs: 0, compiled: true };
  }
}

function hostChannel(): (message: WorkerMessage, onSent?: () => void) => void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('the sandbox worker must be started by the plugin runner (it has no IPC channel)');
  return (message, onSent) => send(message, undefined, undefined, onSent);
}
