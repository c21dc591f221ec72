import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createSchemaValidator, type SchemaValidator } from '../../engine/index.js';
import { readConfig, type RuntimeConfig } from '../config.js';
import { openRuntime, type FlowdeskRuntime } from '../flowdesk-runtime.js';
import { createCliOutput, type CliOutput } from './cli-output.js';

/** What every command's action gets: output in the chosen format, config, and the runtime on demand. */
export interface CliContext {
  /** Runs a command body; a thrown error is printed and sets the exit code from the code table. */
  run(work: (out: CliOutput, config: RuntimeConfig) => Promise<void>): Promise<void>;
  /** Like run, with the database opened (and migrated) for the body and closed after it. */
  withRuntime(work: (out: CliOutput, runtime: FlowdeskRuntime) => Promise<void>): Promise<void>;
  schemas(): SchemaValidator;
  /** Who the audit log records as acting. */
  actor(): string;
  /** The exit code of the last command run (0 unless it failed). */
  exitCode(): number;
}

/** Where the CLI reads its settings and writes its output; tests pass their own. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createCliContext(program: Command, io: CliIo): CliContext {
  let schemas: SchemaValidator | undefined;
  let exitCode = 0;
  const run: CliContext['run'] = async (work) => {
    const out = createCliOutput(program.opts<{ json?: boolean }>().json === true, io.stdout, io.stderr);
    try {
      await work(out, readConfig(io.env));
    } catch (error) {
      exitCode = out.failure(error);
    }
  };
  return {
    run,
    withRuntime: (work) =>
      run(async (out, config) => {
        const runtime = await openRuntime(config);
        try {
          await work(out, runtime);
        } finally {
          await runtime.close();
        }
      }),
    schemas: () => (schemas ??= createSchemaValidator()),
    actor: () => `cli:${safeUserName()}`,
    exitCode: () => exitCode,
  };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
