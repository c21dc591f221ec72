import ora from 'ora';
import { asFlowdeskError, formatProblem, type FlowdeskError, type Problem } from '../../engine/index.js';

/** How a command speaks: human text by default, exactly one JSON document with --json. */
export interface CliOutput {
  readonly isJson: boolean;
  /** Prints a command's result: `value` as JSON, or the human text. */
  result(value: unknown, human: () => string): void;
  /** Prints a failure and returns the exit code from the code table. */
  failure(error: unknown): number;
  /** Runs `work`, showing a spinner on a terminal if it takes more than a moment. */
  progress<T>(label: string, work: () => Promise<T>): Promise<T>;
}

const SPINNER_DELAY_MS = 300;

export function createCliOutput(isJson: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): CliOutput {
  return {
    isJson,
    result(value, human) {
      stdout.write(isJson ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    failure(error) {
      const failure = asFlowdeskError(error);
      if (isJson) stdout.write(`${JSON.stringify({ error: failure.toJSON() }, null, 2)}\n`);
      else stderr.write(describeFailure(failure, error));
      return failure.exitCode;
    },
    async progress(label, work) {
      if (isJson || !stderr.isTTY) return work();
      // We decided above that stderr is a terminal; ora's own check would also turn it off under CI=true.
      const spinner = ora({ text: label, stream: stderr as NodeJS.WriteStream, isEnabled: true });
      const timer = setTimeout(() => spinner.start(), SPINNER_DELAY_MS);
      try {
        return await work();
      } finally {
        clearTimeout(timer);
        if (spinner.isSpinning) spinner.stop();
      }
    },
  };
}

function describeFailure(failure: FlowdeskError, original: unknown): string {
  const lines = [`error ${failure.code}: ${failure.message}`];
  const problems = failure.details.filter((d): d is Problem => typeof d === 'object' && d !== null && 'code' in d && 'message' in d);
  if (problems.length > 1) for (const p of problems) lines.push(`  ${p.code}  ${formatProblem(p)}`);
  if (failure.code === 'INTERNAL' && original instanceof Error) lines.push(`  ${original.stack ?? original.message}`);
  return `${lines.join('\n')}\n`;
}

/** Problems as an indented list, for human output. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `  ${p.severity === 'warning' ? 'warning' : 'error  '} ${p.code}  ${formatProblem(p)}`).join('\n');
}
