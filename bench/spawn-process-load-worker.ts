import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The JSON line a process-load-worker prints when its mode is done (fields depend on the mode). */
export interface LoadWorkerSummary {
  mode: string;
  owner: string;
  wallMs: number;
  cpuMs: number;
  /** load */
  started?: number;
  /** drain: the job runner's totals, the time spent waiting for due times and leases, what is left. */
  claimed?: number;
  ran?: number;
  failed?: number;
  lost?: number;
  waitedMs?: number;
  pendingLeft?: number;
  runningLeft?: number;
  failedLeft?: number;
  /** complete */
  completed?: number;
}

export interface LoadWorkerOptions {
  owner?: string;
  leaseMs?: number;
  waitUpToMs?: number;
  /** The fault: job runs from this one on (0-based) hang inside their transaction. */
  hangFrom?: number;
}

export interface ProcessLoadWorker {
  /** Ids of instances whose start committed, in the order it printed them. */
  readonly acknowledged: readonly string[];
  /** Jobs whose handler returned (load mode): timers that fired. */
  readonly ran: readonly string[];
  /** Jobs it hangs in (the hangFrom fault). */
  readonly hanging: readonly string[];
  /** Resolves once `test` holds (checked after each line it prints); rejects if it exits first. */
  until(test: () => boolean): Promise<void>;
  /** Its summary line; rejects if it exits without one. */
  readonly summary: Promise<LoadWorkerSummary>;
  /** SIGKILL: resolves once it is gone and everything it printed has been read. */
  kill(): Promise<void>;
  /** What it wrote to stderr (warnings, failures). */
  stderr(): string;
}

/**
 * Starts process-load-worker in its own Node process: `script` is the built .js, or, with
 * `--import tsx` among `nodeArgs`, the TypeScript source. `args` are the mode and its arguments.
 */
export function spawnProcessLoadWorker(nodeArgs: readonly string[], script: string, databaseUrl: string, args: readonly string[], options: LoadWorkerOptions = {}): ProcessLoadWorker {
  const flags = [
    ...(options.owner !== undefined ? ['--owner', options.owner] : []),
    ...(options.leaseMs !== undefined ? ['--lease-ms', String(options.leaseMs)] : []),
    ...(options.waitUpToMs !== undefined ? ['--wait-up-to', String(options.waitUpToMs)] : []),
    ...(options.hangFrom !== undefined ? ['--hang-from', String(options.hangFrom)] : []),
  ];
  // NODE_OPTIONS of a jest parent (--experimental-vm-modules) has no business in the child.
  const child = spawn(process.execPath, [...nodeArgs, script, databaseUrl, ...args, ...flags], { env: { ...process.env, NODE_OPTIONS: '' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const acknowledged: string[] = [];
  const ran: string[] = [];
  const hanging: string[] = [];
  const watchers = new Set<() => void>();
  let resolveSummary: (summary: LoadWorkerSummary) => void = () => undefined;
  const printed = new Promise<LoadWorkerSummary>((resolve) => (resolveSummary = resolve));

  createInterface({ input: child.stdout }).on('line', (line) => {
    const [word, id] = line.split(' ');
    if (word === 'started') acknowledged.push(id!);
    else if (word === 'ran') ran.push(id!);
    else if (word === 'hanging') hanging.push(id!);
    else if (line.startsWith('{')) resolveSummary(JSON.parse(line) as LoadWorkerSummary);
    for (const watcher of watchers) watcher();
  });
  // 'close' comes after the process exited and its stdout was read to the end.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exitedEarly = closed.then(() => Promise.reject(new Error(`process-load-worker ${args.join(' ')} exited before it was done: ${stderr}`)));
  exitedEarly.catch(() => undefined); // observed through the races below
  const summary = Promise.race([printed, exitedEarly]);
  summary.catch(() => undefined); // a worker killed on purpose has no summary, and nobody asks for it

  return {
    acknowledged,
    ran,
    hanging,
    until: (test) => {
      if (test()) return Promise.resolve();
      let watcher = (): void => undefined;
      const held = new Promise<void>((resolve) => {
        watcher = () => test() && resolve();
        watchers.add(watcher);
      });
      return Promise.race([held, exitedEarly]).finally(() => watchers.delete(watcher));
    },
    summary,
    kill: async () => {
      child.kill('SIGKILL');
      await closed;
    },
    stderr: () => stderr,
  };
}
