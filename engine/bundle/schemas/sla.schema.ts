import { Type, type Static } from '@sinclair/typebox';
import { FieldName, I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

const FieldValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

const Condition = Type.Record(FieldName, Type.Union([FieldValue, Type.Array(FieldValue, { minItems: 1, maxItems: 50 })]), {
  description: 'Every listed field must equal the value, or one of the values of a list.',
});

const States = Type.Array(Identifier, { uniqueItems: true, maxItems: 50 });

/** Working days and working time, counted in the policy's calendar: P2D, PT4H, P1DT2H30M. */
export const BusinessDuration = Type.String({
  pattern: '^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$',
  maxLength: 30,
  description: 'ISO 8601 duration of working days (D) and working time (H, M, S); years, months and weeks are not business durations.',
});

export const SlaAction = Type.Union([
  closedObject({ notify: Reference }, 'Send a notification rule of notifications.json for the record.'),
  closedObject(
    {
      set: closedObject({
        state: Type.Optional(Identifier),
        fields: Type.Optional(Type.Record(FieldName, FieldValue)),
      }),
    },
    'Change the record: raise its priority, flag it, move it to a state.',
  ),
  closedObject({ plugin: Reference }, 'Call a plugin with the record and the clock; it may return changes to the record.'),
]);

export const SlaThreshold = closedObject({
  atPercent: Type.Integer({ minimum: 1, maximum: 1000, description: 'Share of the goal elapsed, in business time.' }),
  actions: Type.Array(SlaAction, { minItems: 1, maxItems: 10 }),
  repeatEvery: Type.Optional(BusinessDuration),
});

export const SlaClockDefinition = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  metric: StringEnum(['response', 'resolution'], 'Time to own (TTO) or time to resolve (TTR).'),
  startIn: Type.Optional(
    Type.Array(Identifier, { uniqueItems: true, minItems: 1, maxItems: 50, description: 'States that start a new cycle of a stopped clock; without it the clock starts once, when the record is created.' }),
  ),
  pauseIn: Type.Optional(States),
  stopIn: Type.Array(Identifier, { uniqueItems: true, minItems: 1, maxItems: 50, description: 'States that stop the clock and keep its facts.' }),
  targets: Type.Array(closedObject({ when: Type.Optional(Condition), within: BusinessDuration }), {
    minItems: 1,
    maxItems: 100,
    description: 'The goal is the shortest target whose condition the record meets; a change of those fields re-goals the clock.',
  }),
  thresholds: Type.Optional(Type.Array(SlaThreshold, { maxItems: 20 })),
});

export const SlaPolicy = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  recordType: Reference,
  calendar: Reference,
  timeZone: Type.Optional(Type.String({ format: 'time-zone', description: 'Overrides the calendar time zone.' })),
  when: Type.Optional(Condition),
  clocks: Type.Array(SlaClockDefinition, { minItems: 1, maxItems: 10 }),
});

const OlaAction = Type.Union([
  closedObject({ notify: Reference }, 'Send a notification rule about the task\'s record; its templates see {{task.name}}, and the task parties are the task\'s.'),
  closedObject({ set: closedObject({ state: Type.Optional(Identifier), fields: Type.Optional(Type.Record(FieldName, FieldValue)) }) }, 'Change the task\'s record.'),
]);

export const Ola = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  process: Reference,
  tasks: Type.Array(Identifier, { uniqueItems: true, minItems: 1, maxItems: 100, description: 'User tasks of the process it watches; their flowdesk:dueIn is the target.' }),
  calendar: Reference,
  thresholds: Type.Array(
    closedObject({
      atPercent: Type.Integer({ minimum: 1, maximum: 1000, description: 'Share of the task\'s time to its due time elapsed, in working time of the calendar.' }),
      actions: Type.Array(OlaAction, { minItems: 1, maxItems: 10 }),
      repeatEvery: Type.Optional(BusinessDuration),
    }),
    { minItems: 1, maxItems: 20 },
  ),
});

export const SlaSchema = fileSchema('sla', 'Flowdesk SLA policies and OLAs', {
  policies: Type.Optional(Type.Array(SlaPolicy, { minItems: 1, maxItems: 500 })),
  olas: Type.Optional(Type.Array(Ola, { maxItems: 500, description: 'Operational level agreements: escalations of open team tasks as they near and pass their due time.' })),
});
export type SlaFile = Static<typeof SlaSchema>;
export type SlaPolicyDefinition = Static<typeof SlaPolicy>;
export type SlaClockSpec = Static<typeof SlaClockDefinition>;
export type SlaActionDefinition = Static<typeof SlaAction>;
export type OlaDefinition = Static<typeof Ola>;
