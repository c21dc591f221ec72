/**
 * One scenario run: its steps carried out in order against one runtime, as the people of its
 * world would through the API — each request made as that person's caller, within their scope —
 * with the jobs due after each step run before the next. A step either passes or says why not.
 */
import { DateTime } from 'luxon';
import { FlowdeskError, addIsoDuration, createBusinessCalendar, type Actor, type ProcessRuntime, type ScenarioStepDefinition } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { FlowdeskRuntime } from '../flowdesk-runtime.js';
import { assertWritable, createRecordGate } from '../server/record-gate.js';
import type { ScenarioBundles } from './scenario-bundles.js';
import { checkExpectation } from './scenario-expect.js';
import { takeNewNotifications } from './scenario-notifications.js';
import { createScenarioTime, type ManualClock } from './scenario-time.js';
import type { ScenarioWorld } from './scenario-world.js';

type ProcessScope = NonNullable<NonNullable<Parameters<ProcessRuntime['getInstance']>[1]>['scope']>;

/** A record a start step made, with the process instance working on it. */
interface StartedRecord {
  recordId: string;
  instanceId: string;
}

/** A step that did not pass: why, and for an expect step, what was expected and what is. */
export interface StepOutcome {
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export interface ScenarioSession {
  /** Runs one step; null when it passed. */
  run(step: ScenarioStepDefinition): Promise<StepOutcome | null>;
}

export interface SessionDeps {
  runtime: FlowdeskRuntime;
  clock: ManualClock;
  bundles: ScenarioBundles;
  world: ScenarioWorld;
  /** The scenario's `start`, whose offset instants are shown in. */
  start: string;
}

export function createScenarioSession({ runtime, clock, bundles, world, start }: SessionDeps): ScenarioSession {
  const time = createScenarioTime(runtime, clock);
  const gate = createRecordGate({ store: runtime.records, types: runtime.recordTypes, access: runtime.access });
  const zone = DateTime.fromISO(start, { setZone: true }).zone;
  const records = new Map<string, StartedRecord>();
  const reported = new Set<string>();
  let current: StartedRecord | undefined;

  const recordOf = (ref: string | undefined): StartedRecord => {
    const found = ref === undefined ? current : records.get(ref);
    if (!found) throw new FlowdeskError('INPUT_INVALID', ref === undefined ? 'no record was started before this step' : `no start step named a record "${ref}"`);
    return found;
  };

  /** The open task of the record's process with that element id, within the person's reach. */
  async function taskFor(ref: string | undefined, elementId: string, caller: Caller) {
    const open = await runtime.processes.tasks.list({ instanceId: recordOf(ref).instanceId, status: 'open' });
    const task = open.find((t) => t.elementId === elementId);
    if (!task) throw new FlowdeskError('TASK_NOT_FOUND', `no open task "${elementId}" (open: ${open.map((t) => t.elementId).join(', ') || 'none'})`);
    return { task, actor: actorOf(caller), scope: await taskScope(caller) };
  }

  /** What a caller reaches of tasks and instances, as the task endpoints decide it. */
  async function taskScope(caller: Caller): Promise<ProcessScope> {
    if (caller.isAdmin) return { kind: 'all' };
    const reachable = [];
    for (const type of await runtime.recordTypes.list()) {
      const scope = await runtime.access.scopeFor(caller, type.id, 'read');
      if (scope.kind !== 'none') reachable.push({ recordType: type.id, scope });
    }
    return { kind: 'some', records: reachable, actor: actorOf(caller) };
  }

  async function act(step: ScenarioStepDefinition): Promise<StepOutcome | null> {
    if ('start' in step) {
      const { record, instance } = await runtime.startRequest(await world.caller(step.start.as), step.start.catalogEntry, world.resolve(step.start.data));
      const started = { recordId: record.id, instanceId: instance.id };
      current = started;
      if (step.start.ref !== undefined) records.set(step.start.ref, started);
    } else if ('complete' in step) {
      const { task, actor, scope } = await taskFor(step.complete.record, step.complete.task, await world.caller(step.complete.as));
      await runtime.processes.completeTask(task.id, actor, world.resolve(step.complete.data ?? {}), { scope });
    } else if ('claim' in step) {
      const { task, actor, scope } = await taskFor(step.claim.record, step.claim.task, await world.caller(step.claim.as));
      await runtime.processes.tasks.claim(task.id, actor, { scope });
    } else if ('update' in step) {
      // As PATCH /records/:type/:key would: the record in the person's update scope, the fields their grants let them set.
      const caller = await world.caller(step.update.as);
      const { recordId } = recordOf(step.update.record);
      const { type } = await runtime.records.get(recordId, { kind: 'all' });
      const reached = await gate.reach(caller, type, recordId, 'update');
      const fields = step.update.fields === undefined ? undefined : world.resolve(step.update.fields);
      assertWritable(await runtime.access.writableFields(caller, reached.type.id, 'update'), fields, 'change');
      const change = { expectedVersion: reached.record.version, ...(fields ? { fields } : {}), ...(step.update.state !== undefined ? { state: step.update.state } : {}) };
      await runtime.records.update(reached.record.id, change, reached.scope, caller.userId, { type: reached.type });
    } else if ('answerSurvey' in step) {
      // As POST /records/:type/:key/survey would: a record the person may read, the survey that asks them.
      const caller = await world.caller(step.answerSurvey.as);
      const { recordId } = recordOf(step.answerSurvey.record);
      const { type } = await runtime.records.get(recordId, { kind: 'all' });
      await gate.reach(caller, type, recordId, 'read');
      await runtime.engines.surveys.answer(recordId, caller.userId, { ratings: step.answerSurvey.ratings, ...(step.answerSurvey.comment !== undefined ? { comment: step.answerSurvey.comment } : {}) });
    } else if ('advance' in step) {
      const now = clock.now();
      const to = 'to' in step.advance ? new Date(step.advance.to) : addDuration(now, step.advance.by, step.advance.calendar);
      if (to.getTime() < now.getTime()) return { message: `cannot go back in time from ${now.toISOString()} to ${to.toISOString()}` };
      await time.advanceTo(to);
    } else {
      const record = recordOf(step.expect.record);
      const notifications = await takeNewNotifications(runtime.db.knex, world, reported);
      const checked = await checkExpectation(step.expect, { runtime, world, ...record, notifications, zone });
      return checked.isMet ? null : { message: 'the expectation does not hold', expected: step.expect, actual: checked.actual };
    }
    return null;
  }

  function addDuration(from: Date, duration: string, calendarRef: string | undefined): Date {
    if (calendarRef === undefined) return addIsoDuration(from, duration);
    const calendar = bundles.calendar(calendarRef);
    if (!calendar) throw new FlowdeskError('INPUT_INVALID', `no calendar "${calendarRef}"`);
    return createBusinessCalendar(calendar).addDuration(from, duration);
  }

  return {
    async run(step) {
      let outcome: StepOutcome | null;
      try {
        outcome = await act(step);
        if (!('expect' in step) && !('advance' in step)) await time.settle();
      } catch (error) {
        outcome = { message: describeError(error, world) };
      }
      const failed = time.takeFailures();
      if (outcome === null && failed.length > 0) outcome = { message: `a job failed: ${failed.map((f) => String(world.describe(f))).join('; ')}` };
      return outcome;
    },
  };
}

/** Who works tasks: the account, with its roles and teams as candidate groups. */
function actorOf(caller: Caller): Actor {
  return { id: caller.userId, groups: [...caller.roles, ...caller.teamIds] };
}

function describeError(error: unknown, world: ScenarioWorld): string {
  const text = error instanceof FlowdeskError ? `${error.code}: ${error.message}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return String(world.describe(text));
}
