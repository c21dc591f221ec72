import { Type, type Static } from '@sinclair/typebox';
import { Duration, FieldName, I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

const Condition = Type.Record(FieldName, Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
  description: 'Every listed field must equal the value.',
});

export const SlaPolicy = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  recordType: Reference,
  calendar: Reference,
  timeZone: Type.Optional(Type.String({ format: 'time-zone', description: 'Overrides the calendar time zone.' })),
  pauseIn: Type.Optional(Type.Array(Identifier, { uniqueItems: true, description: 'States in which the clock pauses.' })),
  stopIn: Type.Array(Identifier, { uniqueItems: true, minItems: 1, description: 'States that stop the clock.' }),
  targets: Type.Array(
    closedObject({
      metric: StringEnum(['response', 'resolution']),
      when: Type.Optional(Condition),
      within: Duration,
    }),
    { minItems: 1, maxItems: 100 },
  ),
  thresholds: Type.Optional(
    Type.Array(closedObject({ atPercent: Type.Integer({ minimum: 1, maximum: 1000 }), notify: Reference }), {
      maxItems: 20,
    }),
  ),
});

export const SlaSchema = fileSchema('sla', 'Flowdesk SLA policies', {
  policies: Type.Array(SlaPolicy, { minItems: 1, maxItems: 500 }),
});
export type SlaFile = Static<typeof SlaSchema>;
