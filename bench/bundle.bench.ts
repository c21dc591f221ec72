/**
 * Bundle benchmark: how long validate, pack, import and export of the sample bundle take, against
 * a baseline measured in the same run — reading its files, JSON.parse of each and SHA-256 of each,
 * the least any import must do. Medians of several runs; wall and CPU time per operation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createBundleRegistry,
  createSchemaValidator,
  loadBundleFromFiles,
  migrateToLatest,
  openDatabase,
  packBundle,
  readBundleDirectory,
  systemClock,
  validateBundle,
  type BundleFiles,
} from '../engine/index.js';
import { markdownTable, median, round, type Bench, type BenchResult } from './harness.js';

const RUNS = 7;
const ITERATIONS = 20;

interface Figure {
  name: string;
  wallMs: number;
  cpuMs: number;
}

async function measure(name: string, operation: (i: number) => Promise<unknown>): Promise<Figure> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let counter = 0;
  await operation(counter++); // warm-up
  for (let run = 0; run < RUNS; run++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) await operation(counter++);
    const wall = Number(process.hrtime.bigint() - start) / 1e6 / ITERATIONS;
    const cpu = process.cpuUsage(cpuStart);
    walls.push(wall);
    cpus.push((cpu.user + cpu.system) / 1000 / ITERATIONS);
  }
  return { name, wallMs: median(walls), cpuMs: median(cpus) };
}

function withVersion(files: BundleFiles, version: string): BundleFiles {
  const copy = new Map(files);
  const manifest = JSON.parse(Buffer.from(files.get('bundle.json')!).toString('utf8')) as Record<string, unknown>;
  copy.set('bundle.json', Buffer.from(JSON.stringify({ ...manifest, version }, null, 2)));
  return copy;
}

async function measureAll(sampleDir: string): Promise<Figure[]> {
  const schemas = createSchemaValidator();
  const files = await readBundleDirectory(sampleDir);
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-'));
  const db = openDatabase({ dialect: 'sqlite', location: join(dir, 'bench.sqlite') });
  await migrateToLatest(db);
  const registry = createBundleRegistry({ db, clock: systemClock, schemas });
  try {
    const figures = [
      await measure('baseline: read + JSON.parse + SHA-256 of each file', async () => {
        const read = await readBundleDirectory(sampleDir);
        for (const [path, bytes] of read) {
          createHash('sha256').update(bytes).digest('hex');
          if (path.endsWith('.json')) JSON.parse(Buffer.from(bytes).toString('utf8'));
        }
      }),
      await measure('validate (schemas, BPMN, references)', () => validateBundle(files, { schemas })),
      await measure('pack (deterministic .tgz)', () => packBundle(files)),
      await measure('import a new version (SQLite, one transaction)', (i) => registry.importBundles([loadBundleFromFiles('bench', withVersion(files, `1.0.${i + 1}`))], { actor: 'bench' })),
      await measure('export an installed version', () => registry.exportBundle('flowdesk-sample', '1.0.1')),
    ];
    return figures;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SAMPLE_DIR = fileURLToPath(new URL('../../definitions/flowdesk-sample', import.meta.url));

export const bundleBench: Bench = {
  name: 'bundle',
  async run(): Promise<BenchResult> {
    const figures = await measureAll(SAMPLE_DIR);
    const baseline = figures[0]!;
    const validate = figures[1]!;
    const perOperation = (f: Figure) => ({ [`${keyOf(f.name)}WallMs`]: round(f.wallMs), [`${keyOf(f.name)}CpuMs`]: round(f.cpuMs) });
    return {
      name: 'bundle',
      description: `validate, pack, import and export of definitions/flowdesk-sample (median of ${RUNS} runs × ${ITERATIONS} operations); ratio = validate CPU / baseline CPU`,
      figures: Object.assign({}, ...figures.slice(1).map(perOperation)) as Record<string, number>,
      baseline: perOperation(baseline),
      ratio: round(validate.cpuMs / baseline.cpuMs, 2),
      table: markdownTable(
        ['operation', 'wall ms/op', 'CPU ms/op', '× baseline (CPU)'],
        figures.map((f) => [f.name, f.wallMs, f.cpuMs, f.cpuMs / baseline.cpuMs]),
      ),
    };
  },
};

/** `import a new version (SQLite, …)` → `import`: the first word names the figure. */
function keyOf(name: string): string {
  return name.split(/[ :]/)[0]!;
}
