import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What a job-worker process printed when it was done. */
export interface JobWorkerReport {
  owner: string;
  claimed: number;
  ran: number;
  failed: number;
  lost: number;
  cpuMs: number;
}

export interface JobWorker {
  /** Resolves once the worker is connected and waiting. */
  ready: Promise<void>;
  /** Lets it start draining. */
  go(): void;
  /** Its totals, as soon as it prints them; rejects if it exits without. */
  report: Promise<JobWorkerReport>;
  /** What it wrote to stderr (warnings, failures). */
  stderr(): string;
}

/**
 * Starts job-worker in its own Node process: `script` is the built job-worker.js, or, with
 * `--import tsx` among `nodeArgs`, the TypeScript source.
 */
export function spawnJobWorker(nodeArgs: readonly string[], script: string, databaseUrl: string, owner: string): JobWorker {
  const child = spawn(process.execPath, [...nodeArgs, script, databaseUrl, owner], { env: { ...process.env, NODE_OPTIONS: '' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines = createInterface({ input: child.stdout });
  const exitedEarly = new Promise<never>((_, reject) => child.on('close', (code) => reject(new Error(`job worker ${owner} exited (${code}) before it was done: ${stderr}`))));
  exitedEarly.catch(() => undefined); // observed through the races below; after the report it means nothing
  const nthLine = (n: number) =>
    new Promise<string>((resolve) => {
      let seen = 0;
      lines.on('line', (line) => ++seen === n && resolve(line));
    });
  return {
    ready: Promise.race([nthLine(1).then(() => undefined), exitedEarly]),
    go: () => child.stdin.end('go\n'),
    report: Promise.race([nthLine(2).then((line) => JSON.parse(line) as JobWorkerReport), exitedEarly]),
    stderr: () => stderr,
  };
}
