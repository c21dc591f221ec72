/**
 * Plugin call benchmark: warm calls of the sample bundle's score-suggestion plugin through the
 * plugin runner (host → worker process → isolate → back, one call at a time), against the same
 * function imported and called directly in the host, measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createPluginRunner, type PluginSource } from '../plugins/index.js';
import { markdownTable, median, percentile, round, type Bench, type BenchResult } from './harness.js';

const RUNS = 5;
const CALLS = 2000;
const WARM_UP_CALLS = 1000;
const NOW = '2026-03-01T08:30:00.000Z';
const PLUGIN_FILE = fileURLToPath(new URL('../../definitions/flowdesk-sample/plugins/score-suggestion.js', import.meta.url));
const INPUTS = [
  { subject: 'Printer', details: 'Paper jams on the third floor every morning' },
  { subject: 'VPN', details: 'Cannot connect from home since the update' },
  { subject: '打印机', details: '三楼的打印机每天早上都卡纸，请尽快处理' },
  { subject: 'Laptop', details: '' },
];

type ScoreRun = (input: (typeof INPUTS)[number]) => unknown;

interface Figures {
  medianMs: number;
  p99Ms: number;
  /** User + system CPU of the host process per call (the worker's CPU is not in it). */
  hostCpuMsPerCall: number;
}

/** Latency of each call, and host CPU per call as the median of the runs. */
async function measure(call: (i: number) => unknown): Promise<Figures> {
  const settle = async (i: number) => {
    const pending = call(i);
    if (pending instanceof Promise) await pending;
  };
  for (let i = 0; i < WARM_UP_CALLS; i++) await settle(i);
  const latencies: number[] = [];
  const cpuPerCall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) {
      const start = process.hrtime.bigint();
      await settle(i);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const cpu = process.cpuUsage(cpuStart);
    cpuPerCall.push((cpu.user + cpu.system) / 1000 / CALLS);
  }
  return { medianMs: median(latencies), p99Ms: percentile(latencies, 99), hostCpuMsPerCall: median(cpuPerCall) };
}

export const pluginCallBench: Bench = {
  name: 'plugin-call',
  async run(): Promise<BenchResult> {
    const { run: direct } = (await import(pathToFileURL(PLUGIN_FILE).href)) as { run: ScoreRun };
    const script: PluginSource = { key: 'bench:score-suggestion', kind: 'module', source: readFileSync(PLUGIN_FILE, 'utf8'), filename: 'plugins/score-suggestion.js' };
    const runner = createPluginRunner();
    const isolateCpuMs: number[] = [];
    try {
      const baseline = await measure((i) => direct(INPUTS[i % INPUTS.length]!));
      const plugin = await measure(async (i) => {
        const { cpuMs } = await runner.call({ script, input: INPUTS[i % INPUTS.length], now: NOW });
        isolateCpuMs.push(cpuMs);
      });
      const isolateCpuMsPerCall = median(isolateCpuMs);
      return {
        name: 'plugin-call',
        description: `warm calls of definitions/flowdesk-sample's score-suggestion plugin through the plugin runner (worker process + isolated-vm), one at a time, ${RUNS} runs × ${CALLS} calls after ${WARM_UP_CALLS} to warm up; baseline = the same function imported and called in the host; ratio = baseline median / plugin median; goal: plugin median under 0.2 ms`,
        figures: {
          warmMedianMs: round(plugin.medianMs, 4),
          warmP99Ms: round(plugin.p99Ms, 4),
          hostCpuMsPerCall: round(plugin.hostCpuMsPerCall, 4),
          isolateCpuMsPerCall: round(isolateCpuMsPerCall, 4),
        },
        baseline: {
          directMedianMs: round(baseline.medianMs, 5),
          directP99Ms: round(baseline.p99Ms, 5),
          directCpuMsPerCall: round(baseline.hostCpuMsPerCall, 5),
        },
        ratio: round(baseline.medianMs / plugin.medianMs, 5),
        table: markdownTable(
          ['way', 'median ms', 'p99 ms', 'host CPU ms/call', 'isolate CPU ms/call'],
          [
            ['plugin runner (worker process + isolate)', plugin.medianMs.toFixed(4), plugin.p99Ms.toFixed(4), plugin.hostCpuMsPerCall.toFixed(4), isolateCpuMsPerCall.toFixed(4)],
            ['baseline: direct call in the host', baseline.medianMs.toFixed(5), baseline.p99Ms.toFixed(5), baseline.hostCpuMsPerCall.toFixed(5), '–'],
          ],
        ),
      };
    } finally {
      await runner.close();
    }
  },
};
