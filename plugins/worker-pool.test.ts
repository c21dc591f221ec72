import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createPluginRunner, type PluginRunner, type PluginRunnerOptions, type PluginSource } from './index.js';

const NOW = '2026-03-01T08:30:00.000Z';
const ECHO: PluginSource = { key: 'pool:echo', kind: 'module', source: 'export function run(input) { return input; }', filename: 'echo.js' };
const ENDLESS: PluginSource = { key: 'pool:endless', kind: 'module', source: 'export function run() { for (;;); }', filename: 'endless.js' };

/** Waits for something another process does (a worker dying), checking every 10 ms. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the sandbox worker processes', () => {
  const runners: PluginRunner[] = [];
  const start = (options: PluginRunnerOptions): PluginRunner => {
    const runner = createPluginRunner(options);
    runners.push(runner);
    return runner;
  };
  afterEach(() => Promise.all(runners.splice(0).map((runner) => runner.close())));

  it('kills a worker at the wall-clock deadline, fails that call, and moves the queued call on', async () => {
    const runner = start({ workers: 1, ceiling: { cpuMs: 5000, memoryMb: 32 } });
    await runner.call({ script: ECHO, input: 'warm', now: NOW });
    const [firstPid] = runner.stats().pids;

    // The isolate's own 5 s CPU limit would stop it much later: only the host's deadline ends it.
    const stuck = runner.call({ script: ENDLESS, input: null, now: NOW, limits: { cpuMs: 5000, wallMs: 300 } });
    const queued = runner.call({ script: ECHO, input: 'queued behind it', now: NOW });

    await expect(stuck).rejects.toMatchObject({ code: 'PLUGIN_TIMEOUT', message: expect.stringContaining('wall-clock deadline of 300 ms') });
    await expect(queued).resolves.toMatchObject({ output: 'queued behind it' });
    expect(runner.stats()).toMatchObject({ workers: 1, workerRestarts: 1 });
    expect(runner.stats().pids).not.toContain(firstPid);
  });

  it('fails the call of a worker that dies during it with PLUGIN_CRASHED, and replaces the worker', async () => {
    const runner = start({ workers: 1, ceiling: { cpuMs: 5000, memoryMb: 32 } });
    await runner.call({ script: ECHO, input: 'warm', now: NOW });
    const [pid] = runner.stats().pids;

    const running = runner.call({ script: ENDLESS, input: null, now: NOW, limits: { cpuMs: 5000 } });
    await waitUntil(() => runner.stats().busy === 1);
    process.kill(pid!, 'SIGKILL');

    await expect(running).rejects.toMatchObject({ code: 'PLUGIN_CRASHED', message: expect.stringContaining('SIGKILL') });
    await expect(runner.call({ script: ECHO, input: 'after the crash', now: NOW })).resolves.toMatchObject({ output: 'after the crash' });
  });

  it('replaces an idle worker killed from outside', async () => {
    const runner = start({ workers: 1 });
    await runner.call({ script: ECHO, input: 'warm', now: NOW });
    const [pid] = runner.stats().pids;

    process.kill(pid!, 'SIGKILL');
    await waitUntil(() => !runner.stats().pids.includes(pid!));

    await expect(runner.call({ script: ECHO, input: 'replaced', now: NOW })).resolves.toMatchObject({ output: 'replaced' });
    expect(runner.stats()).toMatchObject({ workers: 1, workerRestarts: 1 });
  });

  it('retires a worker over its memory budget after answering, and answers the next call from a new one', async () => {
    const runner = start({ workers: 1, maxWorkerRssMb: 1 });

    const first = await runner.call({ script: ECHO, input: 'first', now: NOW });
    const [secondPid] = runner.stats().pids;
    const second = await runner.call({ script: ECHO, input: 'second', now: NOW });

    expect([first.output, second.output]).toEqual(['first', 'second']);
    expect(runner.stats().workerRestarts).toBe(2);
    expect(runner.stats().pids).not.toContain(secondPid);
  });

  it('answers many calls in parallel over the pool', async () => {
    const runner = start({ workers: 2 });

    const outputs = await Promise.all(Array.from({ length: 200 }, (_, i) => runner.call({ script: ECHO, input: { i }, now: NOW })));

    expect(outputs.map((result) => result.output)).toEqual(Array.from({ length: 200 }, (_, i) => ({ i })));
    expect(runner.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0, calls: 200, workerRestarts: 0 });
  });

  it('fails open calls and later calls once closed', async () => {
    const runner = start({ workers: 1 });
    await runner.call({ script: ECHO, input: 'warm', now: NOW });

    const open = runner.call({ script: ENDLESS, input: null, now: NOW, limits: { cpuMs: 1000 } });
    const openFails = expect(open).rejects.toMatchObject({ code: 'PLUGIN_CRASHED', message: 'the plugin runner is closed' });
    await runner.close();

    await openFails;
    await expect(runner.call({ script: ECHO, input: 'late', now: NOW })).rejects.toMatchObject({ code: 'PLUGIN_CRASHED' });
    expect(runner.stats().workers).toBe(0);
  });

  it.each([
    ['does not keep a host process alive once its calls are answered', ''],
    ['lets close() finish in a host process with nothing else to do', 'await runner.close();'],
  ])('%s', async (_, ending) => {
    const program = `
      import { createPluginRunner } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
      const runner = createPluginRunner();
      const { output } = await runner.call({ script: ${JSON.stringify(ECHO)}, input: 'answered', now: ${JSON.stringify(NOW)} });
      ${ending}
      console.log(output);
    `;
    const env = { ...process.env, NODE_OPTIONS: '' };

    // An unsettled top-level await ends the program with exit code 13, which rejects here.
    const { stdout } = await promisify(execFile)(process.execPath, ['--no-node-snapshot', '--import', 'tsx', '--input-type=module', '-e', program], { env, timeout: 20_000 });

    expect(stdout.trim()).toBe('answered');
  });
});
