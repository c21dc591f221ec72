import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./idle-worker.js', import.meta.url));

/** What an idle-worker printed for one idle window. */
export interface IdleReport {
  wallMs: number;
  cpuMs: number;
  statements: number;
  problems: string[];
}

export interface IdleWorker {
  /** Runs the serve job runner in the worker for `seconds`; resolves with its report. */
  idle(seconds: number): Promise<IdleReport>;
  /** Ends the worker (stdin closed) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts idle-worker.js (built) on the database, its manual clock at `at`; resolves once it is ready. */
export async function startIdleWorker(databaseUrl: string, dataDir: string, at: Date): Promise<IdleWorker> {
  const child = spawn(process.execPath, ['--no-node-snapshot', SCRIPT, databaseUrl, dataDir, at.toISOString()], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`idle worker exited before it answered: ${stderr}`);
    return line.value;
  };
  if ((await nextLine()) !== 'ready') throw new Error(`idle worker did not start: ${stderr}`);
  return {
    async idle(seconds) {
      child.stdin.write(`${seconds}\n`);
      return JSON.parse(await nextLine()) as IdleReport;
    },
    async stop() {
      child.stdin.end();
      await closed;
      if (stderr !== '') throw new Error(`idle worker wrote to stderr: ${stderr}`);
    },
  };
}
