import { Command, CommanderError } from 'commander';
import { FLOWDESK_VERSION, FlowdeskError, migrateToLatest } from '../../engine/index.js';
import { startServer } from '../server/serve.js';
import { registerBundleCommands } from './bundle.commands.js';
import { createCliContext } from './cli-context.js';
import { createCliOutput } from './cli-output.js';

/** Builds the `flowdesk` program. */
export function createProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('flowdesk')
    .description('Flowdesk: workflow-engine-centric IT service management')
    .version(FLOWDESK_VERSION)
    .option('--json', 'print machine-readable JSON (errors as { error: { code, message, details } })')
    .exitOverride()
    // Commander's own message would repeat ours; main() prints every failure once, with its code.
    .configureOutput({ outputError: () => undefined });
  const context = createCliContext(program, env);

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
  return program;
}

/** Runs the CLI; the exit code follows the code table (0 ok, 1 internal, 2 invalid input, 3 conflict). */
export async function main(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const program = createProgram(env);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const isHelp = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      if (isHelp) return;
      const json = argv.includes('--json');
      process.exitCode = createCliOutput(json).failure(new FlowdeskError('INPUT_INVALID', `${error.message.replace(/^error: /, '')} (see flowdesk --help)`));
      return;
    }
    throw error;
  }
}
