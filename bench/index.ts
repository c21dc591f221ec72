/** Every benchmark `npm run bench` knows, by name (`npm run bench -- <name>` runs one). */
import { bundleBench } from './bundle.bench.js';
import type { Bench } from './harness.js';

export const BENCHES: readonly Bench[] = [bundleBench];
