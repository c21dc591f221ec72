import { Command, CommanderError } from 'commander';
import { FLOWDESK_VERSION, FlowdeskError, migrateToLatest } from '../../engine/index.js';
import { startServer } from '../server/serve.js';
import { registerBundleCommands } from './bundle.commands.js';
import { registerJobCommands } from './jobs.commands.js';
import { registerProcessCommands } from './process.commands.js';
import { createCliContext, type CliContext, type CliIo } from './cli-context.js';
import { createCliOutput } from './cli-output.js';

const processIo = (): CliIo => ({ env: process.env, stdout: process.stdout, stderr: process.stderr });

/** Builds the `flowdesk` program and the context its commands run in. */
export function createProgram(io: CliIo = processIo()): { program: Command; context: CliContext } {
  const program = new Command('flowdesk')
    .description('Flowdesk: workflow-engine-centric IT service management')
    .version(FLOWDESK_VERSION)
    .option('--json', 'print machine-readable JSON (errors as { error: { code, message, details } })')
    .exitOverride()
    // Set before the subcommands are made, so they inherit it; main() prints failures once, with a code.
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError: () => undefined });
  const context = createCliContext(program, io);

  program
    .command('serve')
    .description('serve the API on PORT (default 8080), installing every bundle in definitions/ first')
    .action(async () => {
      await context.run(async (_out, config) => {
        const running = await startServer(config);
        const stop = () => void running.stop().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations (also done on every start)')
    .action(async () => {
      await context.withRuntime(async (out, runtime) => {
        const applied = await migrateToLatest(runtime.db);
        out.result({ database: runtime.db.dialect, applied }, () => `database (${runtime.db.dialect}) is up to date`);
      });
    });

  registerBundleCommands(program, context);
  registerJobCommands(program, context);
  registerProcessCommands(program, context);
  return { program, context };
}

/**
 * Runs the CLI with `argv` as node gives it (program path first) and returns the exit code from
 * the code table: 0 ok, 1 internal, 2 invalid input, 3 conflict.
 */
export async function main(argv: string[] = process.argv, io: CliIo = processIo()): Promise<number> {
  const { program, context } = createProgram(io);
  try {
    await program.parseAsync(argv);
    return context.exitCode();
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return 0;
    const message = `${error.message.replace(/^error: /, '')} (see flowdesk --help)`;
    return createCliOutput(argv.includes('--json'), io.stdout, io.stderr).failure(new FlowdeskError('INPUT_INVALID', message));
  }
}
