/**
 * An expect step: what the scenario says must hold, read back from the database as an omniscient
 * observer (no scope), and shown the way the scenario wrote it — world ids, not real ids — so a
 * failure reads as a line diff of the expectation against what is.
 */
import { isDeepStrictEqual } from 'node:util';
import { DateTime, type Zone } from 'luxon';
import type { ScenarioExpectationDefinition } from '../../engine/index.js';
import type { FlowdeskRuntime } from '../flowdesk-runtime.js';
import type { ActualNotification } from './scenario-notifications.js';
import type { ScenarioWorld } from './scenario-world.js';

type Expectation = ScenarioExpectationDefinition;
type TaskExpectation = NonNullable<Expectation['tasks']>[number];
type NotificationExpectation = NonNullable<Expectation['notifications']>[number];

export interface ExpectContext {
  runtime: FlowdeskRuntime;
  world: ScenarioWorld;
  recordId: string;
  instanceId: string;
  /** Notifications made since the previous expect step. */
  notifications: ActualNotification[];
  /** Instants are shown in the offset the scenario's start was written in. */
  zone: Zone;
}

export interface CheckedExpectation {
  isMet: boolean;
  /** What is, in the expectation's shape: equal to it where it holds. */
  actual: Record<string, unknown>;
}

interface ActualTask {
  task: string;
  candidateGroups: string[];
  assignee: string | null;
}

export async function checkExpectation(expected: Expectation, context: ExpectContext): Promise<CheckedExpectation> {
  const { runtime, world, recordId } = context;
  const actual: Record<string, unknown> = {};
  let isMet = true;
  const compare = (key: keyof Expectation, value: unknown, holds = isDeepStrictEqual(value, expected[key])) => {
    actual[key] = holds ? expected[key] : value;
    isMet &&= holds;
  };
  const record = await runtime.records.get(recordId, { kind: 'all' });
  if (expected.record !== undefined) actual['record'] = expected.record;
  if (expected.state !== undefined) compare('state', record.state);
  if (expected.fields !== undefined) {
    const wanted = world.resolve(expected.fields);
    const shown = Object.fromEntries(Object.keys(wanted).map((f) => [f, isDeepStrictEqual(record.fields[f], wanted[f]) ? expected.fields![f] : world.describe(record.fields[f] ?? null)]));
    compare('fields', shown);
  }
  if (expected.team !== undefined) compare('team', record.teamId === null ? null : world.groupName(record.teamId));
  if (expected.assignee !== undefined) compare('assignee', personOf(world, record.assigneeId));
  if (expected.tasks !== undefined) {
    const open = await runtime.processes.tasks.list({ instanceId: context.instanceId, status: 'open' });
    const tasks = open.map((t) => ({ task: t.elementId, candidateGroups: t.candidateGroups.map(world.groupName).sort(), assignee: personOf(world, t.assignee) }));
    const { holds, shown } = matchAll(expected.tasks, tasks, taskMatches, showTask);
    compare('tasks', shown, holds);
  }
  if (expected.ended !== undefined) compare('ended', (await runtime.processes.getInstance(context.instanceId)).status === 'completed');
  if (expected.sla !== undefined) {
    const clocks = await runtime.engines.sla.clocksOf(recordId);
    const latest = (clockId: string) => clocks.filter((c) => c.clockId === clockId).sort((a, b) => b.cycle - a.cycle)[0];
    compare('sla', Object.fromEntries(Object.keys(expected.sla).map((id) => [id, latest(id)?.health ?? null])));
  }
  if (expected.notifications !== undefined) {
    const { holds, shown } = matchAll(expected.notifications, context.notifications, notificationMatches, (n) => showNotification(n, context.zone));
    compare('notifications', shown, holds);
  }
  if (expected.survey !== undefined) {
    const survey = await runtime.engines.surveys.latestOf(recordId);
    const seen: Record<string, unknown> = { status: survey?.status ?? 'none', round: survey?.round, ratings: survey?.ratings ?? undefined, low: survey?.low };
    compare('survey', Object.fromEntries(Object.keys(expected.survey).map((key) => [key, seen[key] ?? null])));
  }
  return { isMet, actual };
}

function personOf(world: ScenarioWorld, userId: string | null): string | null {
  return userId === null ? null : (world.personOfUser(userId) ?? String(world.describe(userId)));
}

/**
 * Pairs each expectation with a different actual item (exactly: none left over on either side).
 * Shown: the expectations met as written, then what is there that nothing expected.
 */
function matchAll<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean, show: (a: A) => unknown): { holds: boolean; shown: unknown[] } {
  const left = [...actual];
  const shown: unknown[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => matches(e, a));
    if (i < 0) continue;
    shown.push(e);
    left.splice(i, 1);
  }
  shown.push(...left.map(show));
  return { holds: shown.length === expected.length && left.length === 0, shown };
}

function taskMatches(e: TaskExpectation, a: ActualTask): boolean {
  if (e.task !== a.task) return false;
  if (e.team !== undefined && !a.candidateGroups.includes(e.team)) return false;
  if (e.candidateGroups !== undefined && !isDeepStrictEqual([...e.candidateGroups].sort(), a.candidateGroups)) return false;
  return e.assignee === undefined || e.assignee === a.assignee;
}

function showTask(a: ActualTask): Record<string, unknown> {
  return { task: a.task, ...(a.candidateGroups.length > 0 ? { candidateGroups: a.candidateGroups } : {}), assignee: a.assignee };
}

function notificationMatches(e: NotificationExpectation, a: ActualNotification): boolean {
  if (e.to !== a.to) return false;
  if (e.rule !== undefined && e.rule.slice(e.rule.indexOf(':') + 1) !== a.rule) return false;
  if (e.channel !== undefined && e.channel !== a.channel) return false;
  if (e.subjectContains !== undefined && !a.subject.includes(e.subjectContains)) return false;
  return e.at === undefined || Date.parse(e.at) === Date.parse(a.at);
}

function showNotification(a: ActualNotification, zone: Zone): Record<string, unknown> {
  return { to: a.to, rule: a.rule, channel: a.channel, subject: a.subject, at: showInstant(a.at, zone) };
}

/** An instant in the scenario's own offset, as its author wrote `start`. */
export function showInstant(iso: string, zone: Zone): string {
  return DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true }) ?? iso;
}
