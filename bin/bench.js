#!/usr/bin/env node
// `npm run bench`: builds, then runs the benchmarks in bench/ and prints a Markdown table.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFigures, runBundleBench } from '../dist/bench/bundle.bench.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const figures = await runBundleBench(join(root, 'definitions', 'flowdesk-sample'));
console.log(`Bundle operations on definitions/flowdesk-sample (median of 7 runs × 20 operations, Node ${process.version})\n`);
console.log(formatFigures(figures));
