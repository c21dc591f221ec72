import { Type, type Static } from '@sinclair/typebox';
import { Duration, FieldName, Identifier, closedObject, fileSchema, Reference } from './common.schema.js';

const Data = Type.Record(FieldName, Type.Unknown());

export const ScenarioStep = Type.Union([
  closedObject({ start: closedObject({ catalogEntry: Identifier, data: Data, as: Type.Optional(Reference) }) }),
  closedObject({ complete: closedObject({ task: Identifier, data: Data, as: Type.Optional(Reference) }) }),
  closedObject({ advance: Duration }),
  closedObject({
    expect: closedObject({
      activeTasks: Type.Optional(Type.Array(Identifier, { uniqueItems: true })),
      state: Type.Optional(Identifier),
      ended: Type.Optional(Type.Boolean()),
      slaBreached: Type.Optional(Type.Boolean()),
      notified: Type.Optional(Type.Array(Identifier, { uniqueItems: true })),
    }),
  }),
]);

export const ScenarioSchema = fileSchema('scenario', 'Flowdesk scenario test', {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  steps: Type.Array(ScenarioStep, { minItems: 1, maxItems: 500 }),
});
export type ScenarioFile = Static<typeof ScenarioSchema>;
export type ScenarioStepDefinition = Static<typeof ScenarioStep>;
