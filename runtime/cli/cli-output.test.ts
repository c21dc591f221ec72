import { PassThrough } from 'node:stream';
import { FlowdeskError } from '../../engine/index.js';
import { createCliOutput } from './cli-output.js';

function terminal(isTTY: boolean) {
  // What ora needs of a tty.WriteStream: the flag, a width and cursor movement.
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CLI output', () => {
  it('shows a progress line on a terminal when work takes more than a moment', async () => {
    const stderr = terminal(true);
    const out = createCliOutput(false, new PassThrough(), stderr.stream);
    expect(await out.progress('Importing', () => pause(500).then(() => 42))).toBe(42);
    expect(stderr.text()).toContain('Importing');
  });

  it('stays quiet for quick work, off a terminal, and with --json', async () => {
    for (const [isTTY, json, ms] of [[true, false, 0], [false, false, 500], [true, true, 500]] as const) {
      const stderr = terminal(isTTY);
      await createCliOutput(json, new PassThrough(), stderr.stream).progress('Importing', () => pause(ms));
      expect(stderr.text()).toBe('');
    }
  });

  it('prints a failure once, with its code, and returns the exit code from the table', () => {
    const stdout = terminal(false);
    const code = createCliOutput(true, stdout.stream, terminal(false).stream).failure(new FlowdeskError('BUNDLE_REQUIRED_BY', 'still required'));
    expect(code).toBe(3);
    expect(JSON.parse(stdout.text())).toEqual({ error: { code: 'BUNDLE_REQUIRED_BY', message: 'still required', details: [] } });
  });
});
