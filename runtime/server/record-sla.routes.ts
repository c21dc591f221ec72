/**
 * A record's SLA clocks: health, goal, deadline, remaining and elapsed business time, breach and
 * stop facts, every cycle. Readable by whoever may read the record.
 */
import { Type } from '@sinclair/typebox';
import { FlowdeskError, slaAchievement } from '../../engine/index.js';
import { Nullable, route, type ApiRoute } from './api-route.js';
import { RecordKey, TypeId } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

const Instant = Type.String({ format: 'date-time' });

export const SlaClockView = Type.Object(
  {
    id: Type.String(),
    recordId: Type.String(),
    policyId: Type.String(),
    clockId: Type.String(),
    metric: Type.String({ description: 'response (time to own) or resolution (time to resolve)' }),
    cycle: Type.Integer({ minimum: 1 }),
    status: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')]),
    health: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('breached'), Type.Literal('paused'), Type.Literal('met'), Type.Literal('missed')]),
    targetMs: Type.Integer({ description: 'The goal, in business milliseconds.' }),
    elapsedMs: Type.Integer({ description: 'Business time counted so far.' }),
    remainingMs: Type.Integer({ description: 'Business time left to the goal; negative once passed.' }),
    deadline: Nullable(Instant),
    breachedAt: Nullable(Instant),
    startedAt: Instant,
    stoppedAt: Nullable(Instant),
    pausedMs: Type.Integer({ description: 'Wall-clock time spent paused.' }),
    calendarId: Type.String(),
    timeZone: Type.String(),
  },
  { $id: 'SlaClockView' },
);

const AchievementRow = Type.Object({
  policyId: Type.String(),
  clockId: Type.String(),
  metric: Type.String(),
  stopped: Type.Integer(),
  met: Type.Integer(),
  missed: Type.Integer(),
  metShare: Type.Union([Type.Number(), Type.Null()]),
  averageElapsedMs: Type.Union([Type.Integer(), Type.Null()]),
  overrunMs: Type.Integer(),
});

const MAX_PERIOD_MS = 366 * 86_400_000;

export function slaRoutes({ gate, sla, db }: RecordRouteContext): ApiRoute[] {
  if (!sla || !db) return [];
  return [
    route({
      tag: 'records',
      access: 'user',
      method: 'get',
      path: '/reports/sla',
      summary: 'SLA achievement of a record type over a period (at most a year): clocks stopped in it, met and missed, per policy and clock, over the records the caller may read',
      query: Type.Object({ type: TypeId, from: Instant, to: Instant }, { additionalProperties: false }),
      response: Type.Object({ rows: Type.Array(AchievementRow) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND'],
      async handler({ caller, query }) {
        const span = Date.parse(query.to) - Date.parse(query.from);
        if (!(span > 0 && span <= MAX_PERIOD_MS)) throw new FlowdeskError('INPUT_INVALID', 'the period must end after it starts and last at most a year', { details: [{ pointer: '/query/to', message: 'period' }] });
        const type = await gate.type(query.type);
        const scope = await gate.scope(caller!, type, 'read');
        const iso = (text: string) => new Date(text).toISOString();
        return { rows: await slaAchievement(db.knex, { recordType: type.id, scope, from: iso(query.from), to: iso(query.to) }) };
      },
    }),
    route({
      tag: 'records',
      access: 'user',
      method: 'get',
      path: '/records/:type/:key/sla',
      summary: "The record's SLA clocks: health, deadline, remaining business time, facts once stopped",
      params: Type.Object({ type: TypeId, key: RecordKey }, { additionalProperties: false }),
      response: Type.Object({ clocks: Type.Array(SlaClockView) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params }) {
        const { record } = await gate.reach(caller!, params.type, params.key, 'read');
        return { clocks: await sla.clocksOf(record.id) };
      },
    }),
  ];
}
