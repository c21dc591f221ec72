/** Every benchmark `npm run bench` knows, by name (`npm run bench -- <name>` runs one). */
import { apiRecordsBench } from './api-records.bench.js';
import { bundleBench } from './bundle.bench.js';
import { engineLifecycleBench } from './engine-lifecycle.bench.js';
import type { Bench } from './harness.js';
import { outboxBench } from './outbox.bench.js';
import { pluginCallBench } from './plugin-call.bench.js';
import { recoveryBench } from './recovery.bench.js';
import { slaClocksBench } from './sla-clocks.bench.js';
import { twoWorkersBench } from './two-workers.bench.js';

export const BENCHES: readonly Bench[] = [apiRecordsBench, bundleBench, engineLifecycleBench, outboxBench, pluginCallBench, recoveryBench, slaClocksBench, twoWorkersBench];
