import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PluginError } from './plugin-error.js';
import type { WorkerMessage, WorkerReply, WorkerRequest, WorkerSettings } from './worker-protocol.js';

export type PoolRequest = Omit<WorkerRequest, 'id'>;

export interface WorkerPoolOptions {
  size: number;
  settings: WorkerSettings;
}

export interface WorkerPoolStats {
  /** Live worker processes, including ones still starting. */
  workers: number;
  busy: number;
  queued: number;
  /** Workers started to replace one that died, was killed at a deadline or retired itself. */
  workerRestarts: number;
  pids: number[];
}

/** Sandbox worker processes, supervised: each call gets a wall-clock deadline enforced by SIGKILL. */
export interface WorkerPool {
  /** The worker's reply; fails with PLUGIN_TIMEOUT at the deadline and PLUGIN_CRASHED if the worker dies. */
  submit(request: PoolRequest, wallMs: number): Promise<WorkerReply>;
  stats(): WorkerPoolStats;
  /** Kills the workers; calls not answered yet fail with PLUGIN_CRASHED. */
  close(): Promise<void>;
}

interface Task {
  request: PoolRequest;
  wallMs: number;
  resolve(reply: WorkerReply): void;
  reject(error: PluginError): void;
}

interface Worker {
  child: ChildProcess;
  isReady: boolean;
  running?: { id: number; task: Task; deadline: NodeJS.Timeout };
}

export function createWorkerPool({ size, settings }: WorkerPoolOptions): WorkerPool {
  const program = workerProgram();
  const env = workerEnvironment();
  const workers = new Set<Worker>();
  const queue: Task[] = [];
  let spawned = 0;
  let nextId = 1;
  let isClosed = false;
  let isHoldingHost = true;

  const spawnWorker = (): Worker => {
    const child = fork(program.path, [JSON.stringify(settings)], {
      execArgv: program.execArgv,
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const worker: Worker = { child, isReady: false };
    child.on('message', (message: WorkerMessage) => onMessage(worker, message));
    child.on('exit', (code, signal) => onExit(worker, signal ?? `exit code ${code}`));
    child.on('error', (error) => {
      child.kill('SIGKILL');
      onExit(worker, error.message);
    });
    if (!isHoldingHost) release(child);
    spawned++;
    return worker;
  };

  const ensureWorkers = () => {
    while (!isClosed && workers.size < size) workers.add(spawnWorker());
  };

  const dispatch = () => {
    for (const worker of workers) {
      if (queue.length === 0) break;
      if (!worker.isReady || worker.running !== undefined) continue;
      const task = queue.shift()!;
      const id = nextId++;
      const deadline = setTimeout(() => onDeadline(worker), task.wallMs);
      worker.running = { id, task, deadline };
      worker.child.send({ ...task.request, id } satisfies WorkerRequest);
    }
    holdHostWhileBusy();
  };

  /** Replaced at once; the old process, if alive, exits or is killed without failing anything more. */
  const retire = (worker: Worker) => {
    workers.delete(worker);
    ensureWorkers();
    dispatch();
  };

  const onMessage = (worker: Worker, message: WorkerMessage) => {
    if (message.type === 'ready') {
      worker.isReady = true;
      dispatch();
      return;
    }
    const running = worker.running;
    if (running === undefined || running.id !== message.id) return;
    clearTimeout(running.deadline);
    worker.running = undefined;
    running.task.resolve(message);
    if (message.retiring) retire(worker);
    else dispatch();
  };

  const onDeadline = (worker: Worker) => {
    const running = worker.running;
    if (running === undefined) return;
    worker.running = undefined;
    worker.child.kill('SIGKILL');
    running.task.reject(new PluginError('PLUGIN_TIMEOUT', `the call passed its wall-clock deadline of ${running.task.wallMs} ms; its worker was killed`));
    retire(worker);
  };

  const onExit = (worker: Worker, how: string) => {
    const running = worker.running;
    worker.running = undefined;
    if (running !== undefined) {
      clearTimeout(running.deadline);
      running.task.reject(new PluginError('PLUGIN_CRASHED', `the plugin worker died during the call (${how})`));
    }
    if (!workers.delete(worker)) return;
    if (worker.isReady) {
      retire(worker);
      return;
    }
    // Died while starting: replacing it at once could loop forever; the next call tries again.
    if (![...workers].some((other) => other.isReady)) failQueued(`plugin workers fail to start (${how})`);
    holdHostWhileBusy();
  };

  const failQueued = (message: string) => {
    for (const task of queue.splice(0)) task.reject(new PluginError('PLUGIN_CRASHED', message));
  };

  /** Idle workers must not keep the host process alive; busy ones must, until the call settles. */
  const holdHostWhileBusy = () => {
    const isBusy = queue.length > 0 || [...workers].some((worker) => worker.running !== undefined);
    if (isBusy === isHoldingHost) return;
    isHoldingHost = isBusy;
    for (const { child } of workers) {
      if (isBusy) hold(child);
      else release(child);
    }
  };

  return {
    submit(request, wallMs) {
      if (isClosed) return Promise.reject(new PluginError('PLUGIN_CRASHED', 'the plugin runner is closed'));
      return new Promise<WorkerReply>((resolve, reject) => {
        queue.push({ request, wallMs, resolve, reject });
        ensureWorkers();
        dispatch();
      });
    },
    stats() {
      const all = [...workers];
      return {
        workers: all.length,
        busy: all.filter((worker) => worker.running !== undefined).length,
        queued: queue.length,
        workerRestarts: Math.max(0, spawned - size),
        pids: all.flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid])),
      };
    },
    async close() {
      isClosed = true;
      failQueued('the plugin runner is closed');
      for (const worker of workers) {
        const running = worker.running;
        worker.running = undefined;
        if (running === undefined) continue;
        clearTimeout(running.deadline);
        running.task.reject(new PluginError('PLUGIN_CRASHED', 'the plugin runner is closed'));
      }
      const exits = [...workers].map(({ child }) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        hold(child); // an idle worker was released: without this the host could end before the exit is seen
        child.kill('SIGKILL');
      }));
      await Promise.all(exits);
    },
  };
}

/** Tests run the TypeScript sources (through tsx), production the compiled files in dist/. */
function workerProgram(): { path: string; execArgv: string[] } {
  const isSource = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(`./worker/sandbox-worker.${isSource ? 'ts' : 'js'}`, import.meta.url));
  return { path, execArgv: isSource ? ['--no-node-snapshot', '--import', 'tsx'] : ['--no-node-snapshot'] };
}

/** jest runs with --experimental-vm-modules in NODE_OPTIONS; the worker needs no part of it. */
function workerEnvironment(): NodeJS.ProcessEnv {
  const nodeOptions = (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter((flag) => flag !== '' && flag !== '--experimental-vm-modules');
  return { ...process.env, NODE_OPTIONS: nodeOptions.join(' ') };
}

function hold(child: ChildProcess): void {
  child.ref();
  child.channel?.ref();
}

function release(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
}
