#!/usr/bin/env -S node --no-node-snapshot
// `npm run bench [-- <name>…]`: builds, runs every benchmark in bench/ (or the named ones), prints
// each one's table and writes its figures, baseline and ratio to bench/results/<name>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHES } from '../dist/bench/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.name).join(', ')})`);
  process.exit(2);
}
const results = join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  const result = await bench.run();
  const measured = { ...result, node: process.version, measuredAt: new Date().toISOString() };
  writeFileSync(join(results, `${bench.name}.json`), `${JSON.stringify(measured, null, 2)}\n`);
  console.log(`\n## ${result.name}\n\n${result.description}\n\n${result.table}\n\nratio: ${result.ratio}`);
}
