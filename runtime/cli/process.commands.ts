import type { Command } from 'commander';
import type { HistoryEntry, InstanceView } from '../../engine/index.js';
import type { CliContext } from './cli-context.js';

/** `flowdesk process …`: look at process instances and what they did. */
export function registerProcessCommands(program: Command, context: CliContext): void {
  const processes = program.command('process').description('inspect process instances');

  processes
    .command('show')
    .description('one instance: its bundle version, status, variables and open tasks')
    .argument('<id>', 'process instance id')
    .action(async (id: string) => {
      await context.withRuntime(async (out, runtime) => {
        const instance = await runtime.processes.getInstance(id);
        const tasks = await runtime.processes.tasks.list({ instanceId: id });
        out.result({ ...instance, tasks }, () => [describeInstance(instance), ...tasks.map((t) => `  task ${t.id}  ${t.elementId}  assignee ${t.assignee ?? '-'}`)].join('\n'));
      });
    });

  processes
    .command('history')
    .description('activities the instance entered and left, by whom and when, oldest first')
    .argument('<id>', 'process instance id')
    .action(async (id: string) => {
      await context.withRuntime(async (out, runtime) => {
        const history = await runtime.processes.history(id);
        out.result({ history }, () => history.map(describeEntry).join('\n'));
      });
    });
}

function describeInstance(instance: InstanceView): string {
  const error = instance.error ? `  ${instance.error.code}: ${instance.error.message}` : '';
  return `${instance.id}  ${instance.bundle} ${instance.processId}  ${instance.status}  version ${instance.version}  started ${instance.startedAt}${error}`;
}

function describeEntry(entry: HistoryEntry): string {
  return `${entry.at}  ${entry.event.padEnd(7)}  ${entry.elementId} (${entry.elementType})${entry.actor ? `  by ${entry.actor}` : ''}`;
}
