import ivm from 'isolated-vm';
import type { PluginSource } from '../plugin-call.js';
import { PluginError, type PluginErrorCode } from '../plugin-error.js';
import type { EffectiveLimits } from '../plugin-limits.js';
import { failureEnvelope } from '../reply-envelope.js';
import { SANDBOX_PRELUDE } from './sandbox-prelude.js';
import { moduleTextOf, usesDynamicImport } from './script-module.js';

const MB = 1024 * 1024;
/** The library's advice after a catastrophic error: the process must go. The host replaces it. */
const EXIT_ISOLATE_CATASTROPHE = 70;

export interface Invocation {
  envelope: string;
  cpuMs: number;
}

/** One bundle script in its own isolate (so the isolate's limit is the script's), ready to call. */
export interface CompiledScript {
  readonly memoryMb: number;
  /** Gone after a timeout, the memory limit or dispose(): the script must be compiled again. */
  isDisposed(): boolean;
  /** Never throws: every outcome is an envelope (reply-envelope.ts). */
  invoke(input: string, now: string, cpuMs: number, maxOutputBytes: number): Invocation;
  dispose(): void;
}

/** Compiles and loads a script; fails with a PluginError (compile, load, time or memory). */
export async function compileScript(script: PluginSource, limits: EffectiveLimits): Promise<CompiledScript> {
  const { code, lineOffset } = moduleTextOf(script);
  if (usesDynamicImport(code)) {
    throw new PluginError('PLUGIN_FORBIDDEN', 'import() is not available in the sandbox: plugins load no modules');
  }
  const isolate = new ivm.Isolate({
    memoryLimit: limits.memoryMb,
    onCatastrophicError: (message) => {
      process.stderr.write(`flowdesk sandbox worker: isolated-vm lost control of an isolate (${message}); exiting\n`);
      process.exit(EXIT_ISOLATE_CATASTROPHE);
    },
  });
  try {
    const context = await isolate.createContext();
    const install: ivm.Reference = await context.eval(SANDBOX_PRELUDE, { reference: true });
    const module = await compileModule(isolate, code, { filename: script.filename, lineOffset });
    await module.instantiate(context, (specifier) => {
      throw new PluginError('PLUGIN_COMPILE_FAILED', `import of "${specifier}" is not available in the sandbox: a plugin is one self-contained module`);
    });
    await evaluate(isolate, module, limits);
    const run = await module.namespace.get('run', { reference: true });
    if (run.typeof !== 'function') {
      throw new PluginError('PLUGIN_COMPILE_FAILED', 'the script must export a function named run');
    }
    const entry: ivm.Reference = await install.apply(undefined, [run.derefInto()], { result: { reference: true } });
    const call: ivm.Reference = await entry.get('call', { reference: true });
    const collect: ivm.Reference = await entry.get('collect', { reference: true });
    return scriptIn(isolate, call, collect, limits.memoryMb);
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error instanceof PluginError ? error : new PluginError(...isolateFailure(error, limits, 'the script failed to load'));
  }
}

async function compileModule(isolate: ivm.Isolate, code: string, origin: { filename: string; lineOffset: number }): Promise<ivm.Module> {
  try {
    return await isolate.compileModule(code, origin);
  } catch (error) {
    throw new PluginError('PLUGIN_COMPILE_FAILED', messageOf(error));
  }
}

/**
 * Runs the module's top level. A value it throws is copied out by isolated-vm itself, which can
 * hang on a getter that loops; the async call leaves this thread free to dispose of the isolate.
 * The watchdog fires at half the host's deadline, so this worker answers before the host kills it.
 */
async function evaluate(isolate: ivm.Isolate, module: ivm.Module, limits: EffectiveLimits): Promise<void> {
  let hasFired = false;
  const watchdog = setTimeout(() => {
    hasFired = true;
    isolate.dispose();
  }, limits.wallMs / 2);
  try {
    await module.evaluate({ timeout: limits.cpuMs });
  } catch (error) {
    if (hasFired) throw new PluginError('PLUGIN_TIMEOUT', `loading the script did not finish within ${limits.wallMs / 2} ms`);
    throw new PluginError(...isolateFailure(error, limits, 'the script threw while loading'));
  } finally {
    clearTimeout(watchdog);
  }
}

function scriptIn(isolate: ivm.Isolate, call: ivm.Reference, collect: ivm.Reference, memoryMb: number): CompiledScript {
  const dispose = () => {
    if (!isolate.isDisposed) isolate.dispose();
  };
  const callInIsolate = (input: string, now: string, cpuMs: number, maxOutputBytes: number): { envelope: string; keepsIsolate: boolean } => {
    let envelope: string;
    try {
      // Synchronous calls: no thread hop, and the timeout also covers the microtasks that run
      // before a call returns, so a loop after an await is stopped too.
      envelope = call.applySync(undefined, [input, now, maxOutputBytes], { timeout: cpuMs }) as string;
      if (envelope === '') envelope = collect.applySync(undefined, [], { timeout: cpuMs }) as string;
    } catch (error) {
      // A stopped isolate may hold half-updated state and queued microtasks: start afresh.
      return { envelope: failureEnvelope(...isolateFailure(error, { cpuMs, memoryMb }, 'the call failed')), keepsIsolate: false };
    }
    if (envelope === '') {
      const message = 'run returned a promise or thenable that never settles (nothing in the sandbox can settle it later)';
      return { envelope: failureEnvelope('PLUGIN_TIMEOUT', message), keepsIsolate: false };
    }
    if (isOverMemory(isolate, memoryMb)) {
      // memoryLimit is a guideline to isolated-vm: hold the script to it after the fact too.
      return { envelope: failureEnvelope('PLUGIN_MEMORY', `the script holds more than ${memoryMb} MB after the call`), keepsIsolate: false };
    }
    return { envelope, keepsIsolate: true };
  };
  return {
    memoryMb,
    isDisposed: () => isolate.isDisposed,
    dispose,
    invoke(input, now, cpuMs, maxOutputBytes) {
      const started = isolate.cpuTime;
      const { envelope, keepsIsolate } = callInIsolate(input, now, cpuMs, maxOutputBytes);
      const spentMs = isolate.isDisposed ? cpuMs : Number(isolate.cpuTime - started) / 1e6;
      if (!keepsIsolate) dispose();
      return { envelope, cpuMs: spentMs };
    },
  };
}

function isOverMemory(isolate: ivm.Isolate, memoryMb: number): boolean {
  const heap = isolate.getHeapStatisticsSync();
  return heap.used_heap_size + heap.externally_allocated_size > memoryMb * MB;
}

/** isolated-vm reports stops by message only; these are its texts in 5.x. */
function isolateFailure(error: unknown, limits: { cpuMs: number; memoryMb: number }, context: string): [PluginErrorCode, string] {
  const message = messageOf(error);
  if (message === 'Script execution timed out.') return ['PLUGIN_TIMEOUT', `the script used more than ${limits.cpuMs} ms of CPU`];
  if (message.includes('memory limit')) return ['PLUGIN_MEMORY', `the script needed more than ${limits.memoryMb} MB`];
  return ['PLUGIN_THREW', `${context}: ${message}`];
}

/** Errors here come from isolated-vm, in this realm: a message or a copied primitive, no getters. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
