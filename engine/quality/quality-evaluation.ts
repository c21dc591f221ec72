/**
 * Evaluates a quality (KPI) rule over a report range: per period of the rule (cut in a time zone)
 * and per group (team, agent, service, organization), the value with its numerator and
 * denominator, and whether it meets the rule's target. Counted and summed in SQL over the records
 * the caller's scope reaches (quality-facts.ts); nothing is fetched to be filtered here.
 */
import type { Knex } from 'knex';
import type { QualityGroup, QualityMeasure, QualityPeriod, QualityRuleDefinition } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { RecordScope } from '../records/record-scope.js';
import type { RecordTypeInfo } from '../records/record-types.js';
import { factsOf } from './quality-facts.js';
import { periodIndex, periodsOf, type ReportPeriod } from './quality-periods.js';

export interface QualityQuery {
  rule: QualityRuleDefinition;
  /** The rule's record type. */
  type: RecordTypeInfo;
  scope: RecordScope;
  /** ISO instants: the report covers [from, to). */
  from: string;
  to: string;
  /** Default: the rule's `groupBy`, else no grouping. */
  groupBy?: QualityGroup | null;
  /** Default: the rule's `timeZone`, else UTC. */
  timeZone?: string;
}

export interface QualityRow {
  periodStart: string;
  periodEnd: string;
  /** The team, agent (user) or organization id, or the service field's value; null for none, or when not grouped. */
  group: string | null;
  /** count: how many; shares: 0–1; average-duration: business milliseconds; satisfaction-average: stars. Null when nothing was measured. */
  value: number | null;
  numerator: number;
  /** What a share or an average divides by; null for a count. */
  denominator: number | null;
  /** Null when there is no value. */
  isTargetMet: boolean | null;
}

export interface QualityReport {
  ruleId: string;
  recordType: string;
  measure: QualityMeasure;
  period: QualityPeriod;
  timeZone: string;
  groupBy: QualityGroup | null;
  target: QualityRuleDefinition['target'];
  periods: ReportPeriod[];
  /** Ungrouped: one row per period. Grouped: one row per period and group that has something measured. */
  rows: QualityRow[];
}

interface SummedRow {
  p: number | string;
  g: string | number | null;
  num: number | string | null;
  den: number | string | null;
}

/** @throws INPUT_INVALID for a range that ends before it starts, a bad time zone, too many periods, or a field the rule names that is not indexed */
export async function evaluateQuality(knex: Knex, query: QualityQuery): Promise<QualityReport> {
  const { rule } = query;
  if (!(Date.parse(query.from) < Date.parse(query.to))) throw new FlowdeskError('INPUT_INVALID', 'the report must end after it starts', { details: [{ pointer: '/query/to', message: 'not after from' }] });
  const groupBy = query.groupBy === undefined ? (rule.groupBy ?? null) : query.groupBy;
  const timeZone = query.timeZone ?? rule.timeZone ?? 'UTC';
  const periods = periodsOf({ from: query.from, to: query.to, period: rule.period, timeZone });
  const facts = factsOf(knex, { rule, type: query.type, scope: query.scope, groupBy, from: query.from, to: query.to });
  const summed = (await knex
    .from(facts.as('f'))
    .select(knex.raw('? AS p', [periodIndex(knex, 'f.t', periods)]), 'f.g', knex.raw('SUM(f.x) AS num'), knex.raw('SUM(f.y) AS den'))
    .groupBy('p', 'f.g')
    .orderBy([{ column: 'p' }, { column: 'f.g' }])) as SummedRow[];
  const row = (p: number, group: string | null, num: number, den: number): QualityRow => {
    const value = valueOf(rule.measure, num, den);
    return { periodStart: periods[p]!.start, periodEnd: periods[p]!.end, group, value, numerator: num, denominator: rule.measure === 'count' ? null : den, isTargetMet: value === null ? null : rule.target.op === '>=' ? value >= rule.target.value : value <= rule.target.value };
  };
  const rows = summed.map((s) => row(Number(s.p), s.g === null ? null : String(s.g), Number(s.num ?? 0), Number(s.den ?? 0)));
  const base = { ruleId: rule.id, recordType: query.type.id, measure: rule.measure, period: rule.period, timeZone, groupBy, target: rule.target, periods };
  if (groupBy !== null) return { ...base, rows };
  // Ungrouped, every period has its row: a period with nothing in it counts 0 (and has no share).
  const byPeriod = new Map(rows.map((r) => [r.periodStart, r]));
  return { ...base, rows: periods.map((period, p) => byPeriod.get(period.start) ?? row(p, null, 0, 0)) };
}

function valueOf(measure: QualityMeasure, num: number, den: number): number | null {
  if (measure === 'count') return num;
  if (den === 0) return null;
  if (measure === 'average-duration') return Math.round(num / den);
  return Math.round((num / den) * 10_000) / 10_000;
}
