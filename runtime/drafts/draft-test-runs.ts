/**
 * Test runs of a draft, for the designer: the draft's files installed, with the installed bundles
 * it requires, in a throwaway runtime of its own built by the scenario machinery (a temporary
 * SQLite file, a manual clock, one organization with one team and one person who holds every role
 * those bundles define, a contract and the team's delivery for every service they offer). An admin
 * starts a catalog entry (or a process) as that person, completes the open tasks with form data
 * checked as the real endpoints check it, moves the clock on, and sees records, tasks,
 * notifications and the steps taken. Nothing reaches the real installation.
 *
 * Runs are bounded: at most `limits.runs` live at once (starting another drops the oldest), a run
 * unused for `limits.idleMs` is dropped, and `close` drops them all; dropping removes the database.
 */
import semver from 'semver';
import { v7 as uuidv7 } from 'uuid';
import {
  FlowdeskError,
  MANIFEST_FILE,
  addIsoDuration,
  createManualClock,
  loadBundleFromFiles,
  parseBundleJson,
  type Actor,
  type BundleFiles,
  type BundleRegistry,
  type CatalogFile,
  type Clock,
  type LoadedBundle,
  type Locale,
  type Manifest,
  type ProcessRuntime,
  type ScenarioWorldDefinition,
} from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { readConfig, type RuntimeConfig } from '../config.js';
import { openRuntime, type FlowdeskRuntime } from '../flowdesk-runtime.js';
import type { CompiledForm } from '../forms/form-validators.js';
import { createScenarioDatabase, type ScenarioDatabase } from '../scenarios/scenario-database.js';
import { takeNewNotifications, type ActualNotification } from '../scenarios/scenario-notifications.js';
import { createScenarioTime, type ManualClock, type ScenarioTime } from '../scenarios/scenario-time.js';
import { buildWorld, SCENARIO_ACTOR, type ScenarioWorld } from '../scenarios/scenario-world.js';
import type { DraftStore } from './draft-store.js';

export const TEST_RUN_LIMITS = { runs: 3, idleMs: 15 * 60_000 };
/** The furthest one advance moves the clock: every job due on the way runs, one at a time. */
const MAX_ADVANCE_MS = 366 * 24 * 3_600_000;
/** Mail is rendered into the run's outbox and never sent: this address is never dialled. */
const UNSENT_MAIL = { smtpUrl: 'smtp://127.0.0.1:9', from: 'Flowdesk test run <test-run@example.test>' };
const ORGANIZATION = 'test-organization';
const TEAM = 'test-team';
const TESTER = 'tester';
const TESTER_NAME = 'Test person';

type ProcessScope = NonNullable<NonNullable<Parameters<ProcessRuntime['getInstance']>[1]>['scope']>;

/** A form of a bundle version installed in the run. */
export interface TestRunFormRef {
  bundle: string;
  version: string;
  id: string;
}

export interface TestRunStep {
  /** On the run's clock. */
  at: string;
  kind: 'start' | 'complete' | 'advance';
  /** The entry ref or process id started, the task's element id, or the duration. */
  subject: string;
  /** The number of the record the step worked on, if any. */
  record: string | null;
  data: Record<string, unknown> | null;
  /** Jobs that failed while the step settled (timers, plugin calls, notifications), as `type: CODE message`. */
  failures: string[];
}

export interface TestRunView {
  id: string;
  draftId: string;
  bundle: string;
  /** The version the draft runs as (the one publishing would make). */
  version: string;
  createdAt: string;
  /** The run's clock. */
  now: string;
  /** Who every step is taken as, and their team; `$user:tester` in data stands for `userId`, `$team:test-team` for `teamId`. */
  tester: { userId: string; personId: string; teamId: string; name: string; roles: string[] };
  bundles: Array<{ name: string; version: string }>;
  /** The draft's catalog entries, offered to the tester. */
  entries: Array<{ ref: string; title: string; startForm: TestRunFormRef | null }>;
  /** The draft's processes, to start directly (without a record) when it has no entry for them. */
  processes: string[];
  records: Array<{ id: string; number: string; type: string; title: string; state: string; teamId: string | null; assigneeId: string | null; fields: Record<string, unknown> }>;
  instances: Array<{ id: string; processId: string; recordId: string | null; status: string; endedAt: string | null; error: { code: string; message: string } | null; history: Array<{ elementId: string; elementType: string; event: string; at: string }> }>;
  tasks: Array<{ id: string; instanceId: string; recordId: string | null; elementId: string; name: string | null; form: TestRunFormRef | null; assignee: string | null; candidateUsers: string[]; candidateGroups: string[]; dueAt: string | null; createdAt: string }>;
  notifications: ActualNotification[];
  steps: TestRunStep[];
}

/** What to start: a catalog entry of the draft (its start form's data), or one of its processes (variables). */
export type TestRunStart = { entry: string; data: Record<string, unknown> } | { process: string; data: Record<string, unknown> };

export interface DraftTestRunsDeps {
  drafts: Pick<DraftStore, 'check' | 'get' | 'readFile'>;
  /** The real installation's registry: where the bundles a draft requires are read from. */
  registry: Pick<BundleRegistry, 'listVersions' | 'readFiles'>;
  /** The server's settings: a run takes its bundle limits, nothing else. */
  config: Pick<RuntimeConfig, 'limits'>;
  /** Real time: a run's clock starts at its now, and idleness is measured in it. */
  clock: Clock;
  log: { warn(details: object, message: string): void };
  limits?: typeof TEST_RUN_LIMITS;
}

/** One live run: its runtime, world and clock, and what was done in it. */
interface LiveRun {
  id: string;
  draftId: string;
  bundle: string;
  version: string;
  createdAt: string;
  database: ScenarioDatabase;
  runtime: FlowdeskRuntime;
  clock: ManualClock;
  time: ScenarioTime;
  world: ScenarioWorld;
  tester: Caller;
  steps: TestRunStep[];
}

interface Slot {
  draftId: string;
  run: Promise<LiveRun>;
  /** Operations on a run go one at a time: they share its clock and job runner. */
  queue: Promise<unknown>;
  idle?: ReturnType<typeof setTimeout>;
}

export function createDraftTestRuns(deps: DraftTestRunsDeps) {
  const limits = deps.limits ?? TEST_RUN_LIMITS;
  const slots = new Map<string, Slot>();
  let isClosed = false;

  function keepAlive(id: string, slot: Slot): void {
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => void drop(id).catch((error: unknown) => deps.log.warn({ err: error, run: id }, 'a test run could not be removed')), limits.idleMs);
    // An idle run never keeps the process alive.
    slot.idle.unref();
  }

  async function drop(id: string): Promise<void> {
    const slot = slots.get(id);
    if (!slot) return;
    slots.delete(id);
    clearTimeout(slot.idle);
    await slot.queue.catch(() => undefined);
    const run = await slot.run.catch(() => null);
    if (run) await closeRun(run);
  }

  /** Runs `work` on the run after what is queued on it. @throws NOT_FOUND for a run the draft does not have (any more) */
  function onRun<T>(draftId: string, id: string, work: (run: LiveRun) => Promise<T>): Promise<T> {
    const slot = slots.get(id);
    if (!slot || slot.draftId !== draftId) return Promise.reject(new FlowdeskError('NOT_FOUND', `the draft has no test run ${id}: runs end after ${limits.idleMs / 60_000} idle minutes, or when more than ${limits.runs} are started`));
    keepAlive(id, slot);
    const done = slot.queue.then(async () => work(await slot.run));
    slot.queue = done.catch(() => undefined);
    return done;
  }

  return {
    /**
     * A new run of the draft as it is saved now.
     * @throws DRAFT_NOT_FOUND; BUNDLE_INVALID with the check's problems when the draft is not valid
     */
    async create(draftId: string, actor: string, locale: Locale): Promise<TestRunView> {
      if (isClosed) throw new FlowdeskError('NOT_READY', 'the server is stopping');
      // Checked before a slot is taken: an invalid draft never costs a live run its place.
      const check = await deps.drafts.check(draftId, actor);
      if (!check.valid) throw new FlowdeskError('BUNDLE_INVALID', `the draft has ${check.problems.length} problems: fix them before a test run`, { details: check.problems });
      const id = uuidv7();
      const run = openRun(deps, { id, draftId, version: check.version, locale });
      const slot: Slot = { draftId, run, queue: run };
      slots.set(id, slot);
      for (const oldest of [...slots.keys()].slice(0, Math.max(0, slots.size - limits.runs))) await drop(oldest);
      try {
        await run;
      } catch (error) {
        slots.delete(id);
        throw error;
      }
      return onRun(draftId, id, (live) => viewOf(live, locale));
    },

    view: (draftId: string, id: string, locale: Locale) => onRun(draftId, id, (run) => viewOf(run, locale)),

    /** @throws CATALOG_ENTRY_NOT_FOUND, PROCESS_NOT_FOUND, TASK_FORM_INVALID (a pointer per field), FORBIDDEN */
    start: (draftId: string, id: string, what: TestRunStart, locale: Locale) =>
      onRun(draftId, id, async (run) => {
        const data = run.world.resolve(what.data);
        const actor = run.tester.userId;
        if ('entry' in what) {
          const { record } = await run.runtime.startRequest(run.tester, what.entry, data);
          await settled(run, { kind: 'start', subject: what.entry, record: record.number, data: what.data });
        } else {
          await run.runtime.processes.start({ bundle: run.bundle, processId: what.process, variables: { ...data, requester: actor }, actor });
          await settled(run, { kind: 'start', subject: what.process, record: null, data: what.data });
        }
        return viewOf(run, locale);
      }),

    /**
     * Claims the open task for the tester when nobody holds it, and completes it with the data.
     * @throws TASK_NOT_FOUND, TASK_FORM_INVALID (a pointer per field, nothing claimed), TASK_NOT_ALLOWED, TASK_ALREADY_CLAIMED
     */
    complete: (draftId: string, id: string, taskId: string, formData: Record<string, unknown>, locale: Locale) =>
      onRun(draftId, id, async (run) => {
        const { processes } = run.runtime;
        const scope = await taskScope(run);
        const actor = actorOf(run.tester);
        const task = await processes.tasks.get(taskId, { scope });
        const data = run.world.resolve(formData);
        if (task.formKey) await processes.assertFormData((await processes.getInstance(task.instanceId)).bundleVersionId, task.formKey, data);
        if (task.assignee === null) await processes.tasks.claim(task.id, actor, { scope });
        await processes.completeTask(task.id, actor, data, { scope });
        await settled(run, { kind: 'complete', subject: task.elementId, record: task.record?.number ?? null, data: formData });
        return viewOf(run, locale);
      }),

    /** Moves the run's clock on by an ISO 8601 duration; every job due on the way runs at its due time. @throws INPUT_INVALID */
    advance: (draftId: string, id: string, by: string, locale: Locale) =>
      onRun(draftId, id, async (run) => {
        const from = run.clock.now();
        const to = durationEnd(from, by);
        await run.time.advanceTo(to);
        run.steps.push({ at: from.toISOString(), kind: 'advance', subject: by, record: null, data: null, failures: failuresOf(run) });
        return viewOf(run, locale);
      }),

    /** A form of a bundle version installed in the run, localized, with its compiled validator. @throws FORM_NOT_FOUND */
    form: (draftId: string, id: string, ref: TestRunFormRef, locale: Locale): Promise<CompiledForm> => onRun(draftId, id, (run) => run.runtime.forms.get(ref.bundle, ref.version, ref.id, locale)),

    async drop(draftId: string, id: string): Promise<void> {
      if (slots.get(id)?.draftId !== draftId) throw new FlowdeskError('NOT_FOUND', `the draft has no test run ${id}`);
      await drop(id);
    },

    /** Drops every run; no new one starts after. */
    async close(): Promise<void> {
      isClosed = true;
      await Promise.all([...slots.keys()].map(drop));
    },
  };
}

export type DraftTestRuns = ReturnType<typeof createDraftTestRuns>;

async function openRun(deps: DraftTestRunsDeps, { id, draftId, version, locale }: { id: string; draftId: string; version: string; locale: Locale }): Promise<LiveRun> {
  const draft = await deps.drafts.get(draftId);
  const files = new Map<string, Uint8Array>();
  for (const file of draft.files) files.set(file.path, await deps.drafts.readFile(draftId, file.path));
  const manifest = manifestOf(files);
  // Installed as the version publishing would make, as the check validated it.
  files.set(MANIFEST_FILE, Buffer.from(JSON.stringify({ ...manifest, version })));
  const bundles = [...(await requiredBundles(deps.registry, manifest.requires ?? {})), loadBundleFromFiles(`draft ${draft.bundle}`, files)];

  const createdAt = deps.clock.now();
  const database = await createScenarioDatabase(undefined, 'test-run');
  const clock = createManualClock(createdAt);
  let runtime: FlowdeskRuntime | undefined;
  try {
    const config = readConfig({ FLOWDESK_DATABASE_URL: database.url, FLOWDESK_DATA_DIR: database.dataDir, FLOWDESK_DEFINITIONS_DIR: database.dataDir });
    runtime = await openRuntime({ ...config, mail: UNSENT_MAIL, limits: deps.config.limits }, clock);
    await runtime.registry.importBundles(bundles, { actor: SCENARIO_ACTOR });
    const world = await buildWorld(runtime, worldOf(await runtime.roles.roleIds(), bundles.flatMap(servicesOf), locale));
    const tester = await world.caller(TESTER);
    const time = createScenarioTime(runtime, clock);
    return { id, draftId, bundle: draft.bundle, version, createdAt: createdAt.toISOString(), database, runtime, clock, time, world, tester, steps: [] };
  } catch (error) {
    await runtime?.close();
    await database.drop();
    throw error;
  }
}

async function closeRun(run: LiveRun): Promise<void> {
  try {
    await run.runtime.close();
  } finally {
    await run.database.drop();
  }
}

function manifestOf(files: BundleFiles): Manifest {
  return parseBundleJson(files.get(MANIFEST_FILE)!, MANIFEST_FILE) as Manifest;
}

/** The installed versions the draft's requirements resolve to (the newest in each range), and theirs, from the real registry. */
async function requiredBundles(registry: DraftTestRunsDeps['registry'], requires: Record<string, string>): Promise<LoadedBundle[]> {
  const installed = await registry.listVersions();
  const chosen = new Map<string, LoadedBundle>();
  const visit = async (ranges: Record<string, string>): Promise<void> => {
    for (const [name, range] of Object.entries(ranges)) {
      if (chosen.has(name)) continue;
      const version = semver.maxSatisfying(installed.filter((v) => v.name === name).map((v) => v.version), range);
      if (!version) throw new FlowdeskError('BUNDLE_DEPENDENCY_MISSING', `the draft requires ${name}@${range}, which is not installed`);
      chosen.set(name, loadBundleFromFiles(`${name}@${version}`, (await registry.readFiles(name, version)).files));
      await visit(installed.find((v) => v.name === name && v.version === version)!.requires);
    }
  };
  await visit(requires);
  return [...chosen.values()];
}

/** The catalog services a bundle offers. */
function servicesOf(bundle: LoadedBundle): string[] {
  return (manifestOf(bundle.files).contents.catalog ?? []).flatMap((path) => (parseBundleJson(bundle.files.get(path)!, path) as CatalogFile).services.map((s) => s.id));
}

function worldOf(roles: string[], services: string[], language: Locale): ScenarioWorldDefinition {
  const offered = [...new Set(services)];
  return {
    organizations: [{ id: ORGANIZATION, name: 'Test organization' }],
    teams: [{ id: TEAM, organization: ORGANIZATION, name: 'Test team' }],
    people: [{ id: TESTER, organization: ORGANIZATION, name: TESTER_NAME, language, teams: [TEAM], roles }],
    contracts: offered.length > 0 ? [{ organization: ORGANIZATION, services: offered }] : [],
    delivery: offered.map((service) => ({ organization: ORGANIZATION, service, team: TEAM })),
  };
}

function durationEnd(from: Date, by: string): Date {
  let to: Date;
  try {
    to = addIsoDuration(from, by);
  } catch {
    throw new FlowdeskError('INPUT_INVALID', `not an ISO 8601 duration: ${by}`, { details: [{ pointer: 'body/by', message: 'not an ISO 8601 duration' }] });
  }
  const span = to.getTime() - from.getTime();
  if (span < 0 || span > MAX_ADVANCE_MS) throw new FlowdeskError('INPUT_INVALID', 'a test run moves on by up to a year at a time', { details: [{ pointer: 'body/by', message: 'more than a year' }] });
  return to;
}

/** Runs the jobs the step made due now, as a worker would at once, and logs the step with any that failed. */
async function settled(run: LiveRun, step: Omit<TestRunStep, 'at' | 'failures'>): Promise<void> {
  const at = run.clock.now().toISOString();
  await run.time.settle();
  run.steps.push({ at, ...step, failures: failuresOf(run) });
}

function failuresOf(run: LiveRun): string[] {
  return run.time.takeFailures().map((failure) => String(run.world.describe(failure)));
}

function actorOf(caller: Caller): Actor {
  return { id: caller.userId, groups: [...caller.roles, ...caller.teamIds] };
}

/** What the tester reaches of tasks, as the task endpoints decide it for a caller who is not an administrator. */
async function taskScope({ runtime, tester }: LiveRun): Promise<ProcessScope> {
  const records = [];
  for (const type of await runtime.recordTypes.list()) {
    const scope = await runtime.access.scopeFor(tester, type.id, 'read');
    if (scope.kind !== 'none') records.push({ recordType: type.id, scope });
  }
  return { kind: 'some', records, actor: actorOf(tester) };
}

async function viewOf(run: LiveRun, locale: Locale): Promise<TestRunView> {
  const { runtime, tester } = run;
  const knex = runtime.db.knex;
  const versions = new Map((await runtime.registry.listVersions()).map((v) => [v.name, v.version]));
  const formRef = (bundle: string, id: string): TestRunFormRef => ({ bundle, version: versions.get(bundle)!, id });
  const index = (await knex('bundle_versions').where({ bundle_name: run.bundle }).first('definition_index')) as { definition_index: string };
  const recordIds = (await knex('records').orderBy('created_at').orderBy('id').pluck('id')) as string[];
  const instanceIds = (await knex('process_instances').orderBy('started_at').orderBy('id').pluck('id')) as string[];
  return {
    id: run.id,
    draftId: run.draftId,
    bundle: run.bundle,
    version: run.version,
    createdAt: run.createdAt,
    now: run.clock.now().toISOString(),
    tester: { userId: tester.userId, personId: tester.personId!, teamId: run.world.team(TEAM), name: TESTER_NAME, roles: [...tester.roles] },
    bundles: [...versions].map(([name, version]) => ({ name, version })),
    entries: await entriesOf(run, locale, formRef),
    processes: (JSON.parse(index.definition_index) as { processes: string[] }).processes,
    records: await Promise.all(
      recordIds.map(async (id) => {
        const r = await runtime.records.get(id, { kind: 'all' });
        return { id: r.id, number: r.number, type: r.type, title: r.title, state: r.state, teamId: r.teamId, assigneeId: r.assigneeId, fields: r.fields };
      }),
    ),
    instances: await Promise.all(
      instanceIds.map(async (id) => {
        const i = await runtime.processes.getInstance(id);
        const history = (await runtime.processes.history(id)).map((h) => ({ elementId: h.elementId, elementType: h.elementType, event: h.event, at: h.at }));
        return { id: i.id, processId: i.processId, recordId: i.recordId, status: i.status, endedAt: i.endedAt, error: i.error, history };
      }),
    ),
    tasks: await Promise.all(
      (await runtime.processes.tasks.list({ status: 'open' })).map(async (t) => {
        const form = await runtime.processes.taskForm(t);
        return { id: t.id, instanceId: t.instanceId, recordId: t.record?.id ?? null, elementId: t.elementId, name: t.name, form: form ? formRef(form.bundle, form.key) : null, assignee: t.assignee, candidateUsers: t.candidateUsers, candidateGroups: t.candidateGroups, dueAt: t.dueAt, createdAt: t.createdAt };
      }),
    ),
    notifications: await takeNewNotifications(knex, run.world, new Set()),
    steps: run.steps,
  };
}

/** The draft's entries the tester is offered, in the catalog's order, with the start form each asks for. */
async function entriesOf({ runtime, tester, bundle }: LiveRun, locale: Locale, formRef: (bundle: string, id: string) => TestRunFormRef): Promise<TestRunView['entries']> {
  const requester = { organizationId: tester.organizationId, roles: tester.roles };
  const tree = await runtime.catalog.listOffered(requester, { lang: locale });
  const offered = tree.families.flatMap((f) => f.services.flatMap((s) => [...s.entries, ...s.subcategories.flatMap((c) => c.entries)])).filter((e) => e.bundle === bundle);
  return Promise.all(
    offered.map(async (entry) => {
      const { startForm } = await runtime.catalog.resolveEntry(requester, entry.ref, { lang: locale });
      return { ref: entry.ref, title: entry.title, startForm: startForm ? formRef(startForm.bundle, startForm.id) : null };
    }),
  );
}
