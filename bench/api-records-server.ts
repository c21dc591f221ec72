/**
 * The Flowdesk server of the api-records bench in its own Node process — `flowdesk serve`, as an
 * operator starts it — so the load generator does not share its event loop. Its CPU time is read
 * from /proc (user + system of the whole process, GC and libuv threads included).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 120_000;

export interface ServerSettings {
  databaseUrl: string;
  dataDir: string;
  definitionsDir: string;
  adminPassword: string;
}

export interface BenchServer {
  url: string;
  pid: number;
  /** User + system CPU the server process has used so far, in ms. */
  cpuMs(): number;
  /** What it wrote to stderr (warnings, failures). */
  stderr(): string;
  stop(): Promise<void>;
}

/** The clock ticks per second /proc counts CPU time in (USER_HZ: 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU of a process, in ms, from /proc/<pid>/stat (fields 14 and 15). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startBenchServer(settings: ServerSettings): Promise<BenchServer> {
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_OPTIONS: '',
    PORT: String(port),
    HOST: '127.0.0.1',
    FLOWDESK_DATABASE_URL: settings.databaseUrl,
    FLOWDESK_DATA_DIR: settings.dataDir,
    FLOWDESK_DEFINITIONS_DIR: settings.definitionsDir,
    FLOWDESK_ADMIN_PASSWORD: settings.adminPassword,
    FLOWDESK_RATE_LIMIT_API: '0',
    FLOWDESK_RATE_LIMIT_LOGIN: '0',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['--no-node-snapshot', 'bin/flowdesk.js', 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let isGone = false;
  void exited.then(() => (isGone = true));
  for (;;) {
    if (isGone) throw new Error(`api-records bench: the server exited before it was ready: ${stderr}${stdout}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`api-records bench: the server was not ready within ${READY_TIMEOUT_MS / 1000} s: ${stderr}${stdout}`);
    }
    const ready = await fetch(`${url}/readyz`).then((answer) => answer.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    pid: child.pid!,
    cpuMs: () => processCpuMs(child.pid!),
    stderr: () => stderr,
    stop: async () => {
      if (!isGone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
