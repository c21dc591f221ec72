/**
 * What each quality measure counts, as one SQL query of facts: a row per thing measured, with the
 * time it happened (`t`, within the report), the group it belongs to (`g`), what it adds to the
 * numerator (`x`) and to the denominator (`y`). Every query starts from the records the caller's
 * scope reaches, so a fact about a record the caller may not read is never counted.
 *
 * - count, share: records created in the period (share: `x` is 1 where the rule's `where` holds).
 * - sla-met-share, response-in-time, resolution-in-time: SLA clock cycles that stopped in the
 *   period, `x` 1 when they met their goal (business time elapsed within the target), from the
 *   facts stored when they stopped; average-duration: resolution cycles, `x` their business time.
 * - reopen-rate, first-contact-resolution: records first resolved in the period (their first
 *   entry into a resolved state); `x` 1 when the record later left the resolved states for
 *   another (reopened), or when its team or assignee never went from one to another.
 * - satisfaction-average: surveys answered or rated automatically in the period, `x` their
 *   average stars.
 */
import type { Knex } from 'knex';
import type { QualityGroup, QualityMeasure, QualityRuleDefinition } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { applyScope, type RecordScope } from '../records/record-scope.js';
import type { RecordTypeInfo } from '../records/record-types.js';
import { applyFieldFilter, indexedFields } from '../records/record-values.js';

export interface FactQuery {
  rule: QualityRuleDefinition;
  type: RecordTypeInfo;
  scope: RecordScope;
  groupBy: QualityGroup | null;
  /** ISO instants: facts in [from, to). */
  from: string;
  to: string;
}

type Builder = Knex.QueryBuilder;

/** The facts of the rule's measure: columns t, g, x, y. */
export function factsOf(knex: Knex, query: FactQuery): Builder {
  switch (query.rule.measure) {
    case 'count':
    case 'share':
      return createdRecords(knex, query);
    case 'sla-met-share':
    case 'response-in-time':
    case 'resolution-in-time':
    case 'average-duration':
      return stoppedClocks(knex, query);
    case 'reopen-rate':
    case 'first-contact-resolution':
      return resolvedRecords(knex, query);
    case 'satisfaction-average':
      return ratedSurveys(knex, query);
  }
}

function createdRecords(knex: Knex, query: FactQuery): Builder {
  const { rule } = query;
  const statement = reachedRecords(knex, query, rule.measure === 'count').where('r.created_at', '>=', query.from).where('r.created_at', '<', query.to);
  const x = rule.measure === 'share' ? knex.raw('CASE WHEN r.id IN ? THEN 1 ELSE 0 END', [matching(knex, query)]) : knex.raw('1');
  return statement.select(knex.raw('r.created_at AS t'), named(knex, groupColumn(knex, query, statement), 'g'), named(knex, x, 'x'), knex.raw('1 AS y'));
}

const CLOCK_METRICS: Partial<Record<QualityMeasure, readonly string[]>> = {
  'sla-met-share': ['response', 'resolution'],
  'response-in-time': ['response'],
  'resolution-in-time': ['resolution'],
  'average-duration': ['resolution'],
};

function stoppedClocks(knex: Knex, query: FactQuery): Builder {
  const statement = reachedRecords(knex, query, true)
    .join({ c: 'sla_clocks' }, 'c.record_id', 'r.id')
    .where('c.record_type', query.type.id)
    .where('c.status', 'stopped')
    .whereIn('c.metric', CLOCK_METRICS[query.rule.measure] ?? [])
    .where('c.stopped_at', '>=', query.from)
    .where('c.stopped_at', '<', query.to);
  const x = query.rule.measure === 'average-duration' ? 'c.elapsed_ms' : 'CASE WHEN c.elapsed_ms <= c.target_ms THEN 1 ELSE 0 END';
  return statement.select(knex.raw('c.stopped_at AS t'), named(knex, groupColumn(knex, query, statement), 'g'), knex.raw(`${x} AS x`), knex.raw('1 AS y'));
}

function resolvedRecords(knex: Knex, query: FactQuery): Builder {
  const resolved = (query.rule.resolvedStates ?? []).map((state) => JSON.stringify(state));
  const first = reachedRecords(knex, query, true)
    .join({ h: 'record_history' }, 'h.record_id', 'r.id')
    .where('h.kind', 'state')
    .whereIn('h.new_value', resolved)
    .where((b) => b.whereNull('h.old_value').orWhereNotIn('h.old_value', resolved))
    .where('h.at', '<', query.to);
  const g = groupColumn(knex, query, first);
  first.select('r.id', named(knex, g, 'g'), knex.raw('MIN(h.at) AS t')).groupBy('r.id').havingRaw('MIN(h.at) >= ?', [query.from]);
  if (query.groupBy !== null) first.groupBy(g);
  const later = knex({ h2: 'record_history' }).select(knex.raw('1')).whereRaw('?? = ??', ['h2.record_id', 'fr.id']);
  const x =
    query.rule.measure === 'reopen-rate'
      ? knex.raw('CASE WHEN EXISTS ? THEN 1 ELSE 0 END', [later.where('h2.kind', 'state').whereIn('h2.old_value', resolved).whereNotIn('h2.new_value', resolved)])
      : knex.raw('CASE WHEN EXISTS ? THEN 0 ELSE 1 END', [later.whereIn('h2.kind', ['team', 'assignee']).whereNotNull('h2.old_value').whereNotNull('h2.new_value')]);
  return knex.from(first.as('fr')).select('fr.t', 'fr.g', named(knex, x, 'x'), knex.raw('1 AS y'));
}

function ratedSurveys(knex: Knex, query: FactQuery): Builder {
  const statement = reachedRecords(knex, query, true)
    .join({ s: 'survey_responses' }, 's.record_id', 'r.id')
    .whereIn('s.status', ['answered', 'auto-rated'])
    .where('s.answered_at', '>=', query.from)
    .where('s.answered_at', '<', query.to);
  // Who the record was with when the survey opened: whose work was rated.
  const g = query.groupBy === 'team' ? knex.ref('s.team_id') : query.groupBy === 'agent' ? knex.ref('s.assignee_id') : groupColumn(knex, query, statement);
  return statement.select(knex.raw('s.answered_at AS t'), named(knex, g, 'g'), knex.raw('s.average AS x'), knex.raw('1 AS y'));
}

/** Records of the rule's type within the scope, narrowed by the rule's `where` unless it is what a share counts. */
function reachedRecords(knex: Knex, query: FactQuery, isNarrowed: boolean): Builder {
  const statement = knex({ r: 'records' }).where('r.type', query.type.id);
  applyScope(statement, { ...query.scope, recordType: query.type.id }, 'r');
  if (isNarrowed) for (const [field, value] of Object.entries(query.rule.where ?? {})) applyFieldFilter(statement, knex, query.type, field, value, 'r');
  return statement;
}

/** The ids of the records of the type the rule's `where` holds for (a share's numerator). */
function matching(knex: Knex, query: FactQuery): Builder {
  const statement = knex({ w: 'records' }).select('w.id').where('w.type', query.type.id);
  for (const [field, value] of Object.entries(query.rule.where ?? {})) applyFieldFilter(statement, knex, query.type, field, value, 'w');
  return statement;
}

type Expression = Knex.Raw | Knex.Ref<string, object>;

const named = (knex: Knex, expression: Expression, alias: string) => knex.raw(`? AS ${alias}`, [expression]);

/** The column a fact is grouped on (joining the service field's value where needed), or a NULL literal. */
function groupColumn(knex: Knex, query: FactQuery, statement: Builder): Expression {
  switch (query.groupBy) {
    case null:
      return knex.raw('NULL');
    case 'team':
      return knex.ref('r.team_id');
    case 'agent':
      return knex.ref('r.assignee_id');
    case 'organization':
      return knex.ref('r.organization_id');
    case 'service': {
      const field = query.rule.serviceField;
      const spec = field === undefined ? undefined : indexedFields(query.type).get(field);
      if (!spec) throw new FlowdeskError('INPUT_INVALID', `rule "${query.rule.id}" cannot group by service: it names no indexed serviceField`, { details: [{ pointer: '/query/groupBy', message: 'no service field' }] });
      statement.leftJoin({ sv: 'record_values' }, (on) => on.on('sv.record_id', '=', 'r.id').andOnVal('sv.field', '=', field!));
      return knex.ref(`sv.${spec.column}`);
    }
  }
}
