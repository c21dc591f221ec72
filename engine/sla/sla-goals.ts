/**
 * What a clock aims at: the goal (the shortest target whose condition the record meets) and the
 * ladder of thresholds, both in business milliseconds counted from the clock's start. Business
 * durations with working days (P2D) depend on where they start, so they are measured from the
 * clock's start in its calendar.
 */
import type { SlaClockSpec } from '../bundle/schemas/index.js';
import type { BusinessCalendar } from '../time/business-calendar.js';

type FieldValue = string | number | boolean;
export type Condition = Readonly<Record<string, FieldValue | readonly FieldValue[]>>;

/** Whether the record's fields meet every part of the condition (a list: any of its values). */
export function meets(fields: Readonly<Record<string, unknown>>, condition: Condition | undefined): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([field, wanted]) => (Array.isArray(wanted) ? wanted.includes(fields[field] as FieldValue) : fields[field] === wanted));
}

/** A business duration in milliseconds, measured from `from`. */
export function businessMs(calendar: BusinessCalendar, from: Date, duration: string): number {
  return calendar.between(from, calendar.addDuration(from, duration));
}

/** The goal for the record now: the shortest matching target; null when none matches. */
export function goalOf(spec: SlaClockSpec, calendar: BusinessCalendar, startedAt: Date, fields: Readonly<Record<string, unknown>>): number | null {
  const goals = spec.targets.filter((target) => meets(fields, target.when)).map((target) => businessMs(calendar, startedAt, target.within));
  return goals.length === 0 ? null : Math.min(...goals);
}

/** A rung of a threshold ladder: SLA clocks' and OLAs' have the same shape, with their own actions. */
interface Rung<Action> {
  atPercent: number;
  actions: readonly Action[];
  repeatEvery?: string;
}

type SlaAction = NonNullable<SlaClockSpec['thresholds']>[number]['actions'][number];

export interface ThresholdStep<Action = SlaAction> {
  /** Position in the ladder: the n-th firing of this cycle (0-based). */
  index: number;
  atPercent: number;
  /** 0 for the threshold itself, k for its k-th repetition after it. */
  repeat: number;
  /** Business time counted when it fires. */
  atMs: number;
  actions: readonly Action[];
}

/**
 * The n-th step of the ladder: thresholds by ascending percentage, then repetitions of the last
 * one that repeats, every `repeatEvery` of business time. Null when the ladder has no more steps.
 */
export function thresholdStep<Action = SlaAction>(spec: { thresholds?: readonly Rung<Action>[] }, calendar: BusinessCalendar, startedAt: Date, targetMs: number, index: number): ThresholdStep<Action> | null {
  const ladder = [...(spec.thresholds ?? [])].sort((a, b) => a.atPercent - b.atPercent);
  const at = (percent: number) => Math.round((targetMs * percent) / 100);
  if (index < ladder.length) {
    const threshold = ladder[index]!;
    return { index, atPercent: threshold.atPercent, repeat: 0, atMs: at(threshold.atPercent), actions: threshold.actions };
  }
  const last = ladder[ladder.length - 1];
  if (!last?.repeatEvery) return null;
  const repeat = index - ladder.length + 1;
  const every = businessMs(calendar, startedAt, last.repeatEvery);
  if (every <= 0) return null;
  return { index, atPercent: last.atPercent, repeat, atMs: at(last.atPercent) + repeat * every, actions: last.actions };
}

/** The keyword that marks the record field naming the record's SLA policy. */
export const SLA_FIELD_KEYWORD = 'x-flowdesk-sla';

/** The field of a record type's schema marked `"x-flowdesk-sla": true`, or null. */
export function slaFieldOf(fieldsSchema: unknown): string | null {
  const properties = (fieldsSchema as { properties?: Record<string, Record<string, unknown>> } | null)?.properties ?? {};
  return Object.keys(properties).find((name) => properties[name]?.[SLA_FIELD_KEYWORD] === true) ?? null;
}
