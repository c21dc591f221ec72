/**
 * Quality (KPI) reports: the rules of the installed bundles a caller may evaluate, and a rule
 * evaluated over a range (at most a year) per period and per team, agent, service or
 * organization — counted in SQL over the records the caller may read, as the SLA report is.
 */
import { Type } from '@sinclair/typebox';
import { FlowdeskError, evaluateQuality, type Database, type InstalledDefinitions, type QualityDefinitions, type RecordStore, type RecordTypes } from '../../engine/index.js';
import type { RecordAccess } from '../access/record-access.js';
import { Nullable, route, type ApiRoute } from './api-route.js';
import { createRecordGate } from './record-gate.js';

export interface QualityRoutesDeps {
  db: Database;
  store: RecordStore;
  types: RecordTypes;
  access: RecordAccess;
  quality: InstalledDefinitions<QualityDefinitions>;
}

const Instant = Type.String({ format: 'date-time' });
const Group = Type.Union([Type.Literal('team'), Type.Literal('agent'), Type.Literal('service'), Type.Literal('organization')]);
const Target = Type.Object({ op: Type.Union([Type.Literal('>='), Type.Literal('<=')]), value: Type.Number() });
const MAX_RANGE_MS = 366 * 86_400_000;

const RuleView = Type.Object({
  id: Type.String(),
  titleKey: Type.String(),
  recordType: Type.String(),
  measure: Type.String(),
  period: Type.String(),
  groupBy: Nullable(Group),
  target: Target,
});

const QualityRow = Type.Object({
  periodStart: Instant,
  periodEnd: Instant,
  group: Nullable(Type.String({ description: 'Team, agent (user) or organization id, or the service field value; null for none or when not grouped.' })),
  value: Nullable(Type.Number({ description: 'count: how many; shares: 0–1; average-duration: business milliseconds; satisfaction-average: stars.' })),
  numerator: Type.Number(),
  denominator: Nullable(Type.Number()),
  isTargetMet: Nullable(Type.Boolean()),
});

const QualityReport = Type.Object({
  ruleId: Type.String(),
  recordType: Type.String(),
  measure: Type.String(),
  period: Type.String(),
  timeZone: Type.String(),
  groupBy: Nullable(Group),
  target: Target,
  periods: Type.Array(Type.Object({ start: Instant, end: Instant })),
  rows: Type.Array(QualityRow),
});

/** A rule's record type as records name it (a `bundle:` prefix only says where the type is defined). */
const typeIdOf = (reference: string) => reference.slice(reference.indexOf(':') + 1);

export function qualityRoutes({ db, store, types, access, quality }: QualityRoutesDeps): ApiRoute[] {
  const gate = createRecordGate({ store, types, access });
  return [
    route({
      tag: 'reports',
      access: 'user',
      method: 'get',
      path: '/reports/quality/rules',
      summary: 'The quality (KPI) rules of the installed bundles on record types the caller may read',
      response: Type.Object({ rules: Type.Array(RuleView) }),
      async handler({ caller }) {
        const rules = [];
        for (const rule of (await quality.get()).rules()) {
          const type = await types.get(typeIdOf(rule.recordType)).catch(() => null);
          if (type && (await access.scopeFor(caller!, type.id, 'read')).kind !== 'none') {
            rules.push({ id: rule.id, titleKey: rule.titleKey, recordType: type.id, measure: rule.measure, period: rule.period, groupBy: rule.groupBy ?? null, target: rule.target });
          }
        }
        return { rules };
      },
    }),
    route({
      tag: 'reports',
      access: 'user',
      method: 'get',
      path: '/reports/quality',
      summary: 'A quality (KPI) rule over a range of at most a year: per period and group, the value, its numerator and denominator, and whether it meets the target, over the records the caller may read',
      description: 'Periods are cut in the time zone asked for, else the rule\u2019s, else the caller\u2019s. groupBy overrides the rule\u2019s grouping; `service` needs a rule that names its serviceField.',
      query: Type.Object(
        { rule: Type.String({ maxLength: 100 }), from: Instant, to: Instant, groupBy: Type.Optional(Type.Union([Group, Type.Literal('none')])), timeZone: Type.Optional(Type.String({ maxLength: 64 })) },
        { additionalProperties: false },
      ),
      response: QualityReport,
      errors: ['FORBIDDEN', 'QUALITY_RULE_NOT_FOUND', 'RECORD_TYPE_NOT_FOUND'],
      async handler({ caller, query }) {
        const rule = (await quality.get()).rule(query.rule);
        if (!rule) throw new FlowdeskError('QUALITY_RULE_NOT_FOUND', `no quality rule "${query.rule}" is installed`);
        const span = Date.parse(query.to) - Date.parse(query.from);
        if (!(span > 0 && span <= MAX_RANGE_MS)) throw new FlowdeskError('INPUT_INVALID', 'the range must end after it starts and last at most a year', { details: [{ pointer: '/query/to', message: 'range' }] });
        const type = await gate.type(typeIdOf(rule.recordType));
        const scope = await gate.scope(caller!, type, 'read');
        const iso = (text: string) => new Date(text).toISOString();
        return evaluateQuality(db.knex, {
          rule,
          type,
          scope,
          from: iso(query.from),
          to: iso(query.to),
          ...(query.groupBy !== undefined ? { groupBy: query.groupBy === 'none' ? null : query.groupBy } : {}),
          timeZone: query.timeZone ?? rule.timeZone ?? caller!.timeZone,
        });
      },
    }),
  ];
}
