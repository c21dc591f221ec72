/**
 * One idle Flowdesk node for the sla-clocks bench, in a process of its own so nothing else the
 * bench does (seeding, other databases, its garbage) counts in its CPU time; started through
 * spawn-idle-worker.ts: `node idle-worker.js <database-url> <data-dir> <clock-iso>`. It opens the
 * runtime as `flowdesk serve` does (`openRuntime`), on a manual clock standing at <clock-iso>, and
 * prints `ready`. For each line `<seconds>` on stdin it runs the job runner `serve` runs (default
 * lease, batch and one-second poll) that long, stops it, and prints one JSON line: wall and CPU time
 * (user + system of this process), the statements sent, and anything the runner logged.
 */
import { createInterface } from 'node:readline';
import { createManualClock } from '../engine/index.js';
import { openNode, serveJobRunner } from './case-runtime.js';

const [url, dir, at] = process.argv.slice(2);
if (url === undefined || dir === undefined || at === undefined) throw new Error('usage: idle-worker <database-url> <data-dir> <clock-iso>');

const clock = createManualClock(new Date(at));
const runtime = await openNode({ url, dir }, clock);
let statements = 0;
runtime.db.knex.on('query', () => statements++);
try {
  await runtime.db.knex.raw('select 1');
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const { runner, problems } = serveJobRunner(runtime, clock, 'bench-idle');
    const counted = statements;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, Number(line) * 1000));
    await runner.stop();
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    process.stdout.write(`${JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, statements: statements - counted, problems })}\n`);
  }
} finally {
  await runtime.close();
}
