/**
 * `flowdesk bundle test`: runs a bundle's scenario files, each in a fresh database through the
 * real runtime on a manual clock set to the scenario's start, with the bundle and every bundle it
 * requires installed and the scenario's world written; stops a scenario at its first failing step.
 */
import { basename, dirname } from 'node:path';
import { createManualClock, createSchemaValidator, FlowdeskError, type BundleLimits, type ScenarioFile, type ScenarioStepDefinition } from '../../engine/index.js';
import { readConfig, type RuntimeConfig } from '../config.js';
import { openRuntime, type FlowdeskRuntime } from '../flowdesk-runtime.js';
import { loadScenarioBundles, type ScenarioBundles } from './scenario-bundles.js';
import { createScenarioDatabase } from './scenario-database.js';
import { createScenarioSession, type StepOutcome } from './scenario-session.js';
import { buildWorld, SCENARIO_ACTOR } from './scenario-world.js';

export interface RunScenariosOptions {
  /** The bundle folder; bundles it requires are looked for in the folders next to it. */
  bundleDir: string;
  /**
   * Where to run: by default a temporary SQLite file per scenario; a MySQL/MariaDB URL makes a
   * database per scenario on that server (dropped after); `sqlite:<folder>` keeps one file per
   * scenario in that folder.
   */
  databaseUrl?: string;
  limits?: BundleLimits;
}

export interface ScenarioFailure {
  /** The failing step's index in `steps` (its JSON pointer is /steps/<index>); null when the world could not be built. */
  index: number | null;
  step: ScenarioStepDefinition | null;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export interface ScenarioResult {
  file: string;
  name: string;
  passed: boolean;
  /** Steps that passed. */
  stepsPassed: number;
  steps: number;
  durationMs: number;
  failure?: ScenarioFailure;
}

export interface ScenarioReport {
  bundle: string;
  version: string;
  passed: number;
  failed: number;
  scenarios: ScenarioResult[];
}

/** Mail is rendered into the outbox and never sent: this address is never dialled. */
const UNSENT_MAIL = { smtpUrl: 'smtp://127.0.0.1:9', from: 'Flowdesk scenarios <scenarios@example.test>' };

/**
 * Runs every scenario of the bundle. Throws (BUNDLE_* codes) when the bundle, a bundle it
 * requires or a scenario is invalid — nothing runs then; a scenario whose step fails is a failed
 * result, not an error.
 */
export async function runScenarios(options: RunScenariosOptions): Promise<ScenarioReport> {
  const bundles = await loadScenarioBundles(options.bundleDir, { schemas: createSchemaValidator(), ...(options.limits ? { limits: options.limits } : {}) });
  const { manifest, tests } = bundles.subject.definitions;
  const scenarios: ScenarioResult[] = [];
  for (const { file, value } of tests) scenarios.push(await runScenario(bundles, file, value, options));
  const passed = scenarios.filter((s) => s.passed).length;
  return { bundle: manifest.name, version: manifest.version, passed, failed: scenarios.length - passed, scenarios };
}

async function runScenario(bundles: ScenarioBundles, file: string, scenario: ScenarioFile, options: RunScenariosOptions): Promise<ScenarioResult> {
  const began = performance.now();
  const label = `${bundles.subject.definitions.manifest.name}-${basename(file, '.json')}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const database = await createScenarioDatabase(options.databaseUrl, label);
  const clock = createManualClock(new Date(scenario.start));
  let runtime: FlowdeskRuntime | undefined;
  const result = (stepsPassed: number, failure?: ScenarioFailure): ScenarioResult => ({
    file,
    name: scenario.name,
    passed: failure === undefined,
    stepsPassed,
    steps: scenario.steps.length,
    durationMs: Math.round(performance.now() - began),
    ...(failure ? { failure } : {}),
  });
  try {
    runtime = await openRuntime(scenarioConfig(database.url, database.dataDir, options), clock);
    await runtime.registry.importBundles(bundles.all.map((b) => b.loaded), { actor: SCENARIO_ACTOR });
    let world;
    try {
      world = await buildWorld(runtime, scenario.world);
    } catch (error) {
      return result(0, { index: null, step: null, message: `the world cannot be built: ${error instanceof FlowdeskError ? `${error.code}: ` : ''}${(error as Error).message}` });
    }
    const session = createScenarioSession({ runtime, clock, bundles, world, start: scenario.start });
    for (const [index, step] of scenario.steps.entries()) {
      const outcome: StepOutcome | null = await session.run(step);
      if (outcome) return result(index, { index, step, ...outcome });
    }
    return result(scenario.steps.length);
  } finally {
    await runtime?.close();
    await database.drop();
  }
}

/** The runtime's settings for a scenario: none read from the environment, so a run is the same anywhere. */
function scenarioConfig(databaseUrl: string, dataDir: string, options: RunScenariosOptions): RuntimeConfig {
  const config = readConfig({ FLOWDESK_DATABASE_URL: databaseUrl, FLOWDESK_DATA_DIR: dataDir, FLOWDESK_DEFINITIONS_DIR: dirname(options.bundleDir) });
  return { ...config, mail: UNSENT_MAIL, ...(options.limits ? { limits: options.limits } : {}) };
}
