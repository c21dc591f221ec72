import { PassThrough } from 'node:stream';
import { main } from '../runtime/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json: <T = Record<string, unknown>>() => T;
}

/** Runs `flowdesk <args>` in-process with its own environment and captured output. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(['node', 'flowdesk', ...args], { env: { ...env, LOG_LEVEL: 'silent' }, stdout, stderr });
  const text = Buffer.concat(out).toString('utf8');
  return { code, stdout: text, stderr: Buffer.concat(err).toString('utf8'), json: <T>() => JSON.parse(text) as T };
}
