/**
 * A record's SLA clocks: health, goal, deadline, remaining and elapsed business time, breach and
 * stop facts, every cycle. Readable by whoever may read the record.
 */
import { Type } from '@sinclair/typebox';
import { route, type ApiRoute } from './api-route.js';
import { RecordKey, TypeId } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

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

export function slaRoutes({ gate, sla }: RecordRouteContext): ApiRoute[] {
  if (!sla) return [];
  return [
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
