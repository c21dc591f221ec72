/**
 * SLA achievement over a period: for the clocks that stopped in it, per policy and clock, how
 * many met their goal, how many missed it, the share met, the average business time they took
 * and the overrun of the missed ones — read from the facts stored when each clock stopped (never
 * recomputed), and only over the records the caller's scope reaches.
 */
import type { Knex } from 'knex';
import { applyScope, type RecordScope } from '../records/record-scope.js';

export interface SlaAchievementQuery {
  recordType: string;
  scope: RecordScope;
  /** ISO instants: clocks that stopped in [from, to). */
  from: string;
  to: string;
}

export interface SlaAchievementRow {
  policyId: string;
  clockId: string;
  metric: string;
  stopped: number;
  met: number;
  missed: number;
  /** met ÷ stopped, 0–1; null when none stopped. */
  metShare: number | null;
  averageElapsedMs: number | null;
  /** Summed overrun of the missed clocks, business milliseconds. */
  overrunMs: number;
}

export async function slaAchievement(knex: Knex, query: SlaAchievementQuery): Promise<SlaAchievementRow[]> {
  const missed = 'CASE WHEN c.elapsed_ms > c.target_ms THEN 1 ELSE 0 END';
  const statement = knex({ c: 'sla_clocks' })
    .join({ r: 'records' }, 'r.id', 'c.record_id')
    .where('c.record_type', query.recordType)
    .where('c.status', 'stopped')
    .where('c.stopped_at', '>=', query.from)
    .where('c.stopped_at', '<', query.to)
    .groupBy('c.policy_id', 'c.clock_id', 'c.metric')
    .orderBy([{ column: 'c.policy_id' }, { column: 'c.clock_id' }])
    .select('c.policy_id', 'c.clock_id', 'c.metric')
    .select(knex.raw('COUNT(*) AS stopped'), knex.raw(`SUM(${missed}) AS missed`), knex.raw('AVG(c.elapsed_ms) AS average_elapsed'), knex.raw(`SUM(CASE WHEN c.elapsed_ms > c.target_ms THEN c.elapsed_ms - c.target_ms ELSE 0 END) AS overrun`));
  applyScope(statement, { ...query.scope, recordType: query.recordType }, 'r');
  const rows = (await statement) as Array<{ policy_id: string; clock_id: string; metric: string; stopped: number | string; missed: number | string; average_elapsed: number | string | null; overrun: number | string | null }>;
  return rows.map((row) => {
    const stopped = Number(row.stopped);
    const missedCount = Number(row.missed);
    return {
      policyId: row.policy_id,
      clockId: row.clock_id,
      metric: row.metric,
      stopped,
      met: stopped - missedCount,
      missed: missedCount,
      metShare: stopped === 0 ? null : (stopped - missedCount) / stopped,
      averageElapsedMs: row.average_elapsed === null ? null : Math.round(Number(row.average_elapsed)),
      overrunMs: Number(row.overrun ?? 0),
    };
  });
}
