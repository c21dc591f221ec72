import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from './api-records-server.js';

const SCRIPT = fileURLToPath(new URL('./smtp-sink.js', import.meta.url));

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, as FLOWDESK_SMTP_URL names a server. */
  url: string;
  /** How many messages it has accepted so far. */
  received(): Promise<number>;
  /** User + system CPU of its process so far, in ms. */
  cpuMs(): number;
  close(): Promise<void>;
}

/** Starts smtp-sink.js (built) in its own Node process and waits until it listens. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const child = fork(SCRIPT, [], { execArgv: [], env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`smtp sink exited (${code})`))));
  exited.catch(() => undefined); // observed through the races below
  const next = <T>(key: string) => Promise.race([new Promise<T>((resolve) => child.once('message', (message: Record<string, T>) => resolve(message[key]!))), exited]);
  const port = await next<number>('port');
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => {
      const answer = next<number>('received');
      child.send('count');
      return answer;
    },
    cpuMs: () => processCpuMs(child.pid!),
    close: async () => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await gone;
    },
  };
}
