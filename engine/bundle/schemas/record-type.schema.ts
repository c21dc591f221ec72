import { Type, type Static } from '@sinclair/typebox';
import { EmbeddedJsonSchema, FieldName, I18nKey, Identifier, closedObject, fileSchema } from './common.schema.js';

export const RecordTypeSchema = fileSchema('record-type', 'Flowdesk record type', {
  id: Identifier,
  titleKey: I18nKey,
  numbering: closedObject({
    prefix: Type.String({ pattern: '^[A-Z][A-Z0-9]{0,9}$', description: 'Human numbers look like PREFIX-000123.' }),
    digits: Type.Integer({ minimum: 3, maximum: 12 }),
  }),
  fields: EmbeddedJsonSchema,
  states: Type.Array(
    closedObject({
      id: Identifier,
      titleKey: I18nKey,
      isFinal: Type.Optional(Type.Boolean()),
      editable: Type.Optional(
        Type.Array(FieldName, {
          uniqueItems: true,
          maxItems: 500,
          description: 'The fields people may change directly while a record is in this state (within their grants); without it, every field their grants allow. Process steps change fields regardless.',
        }),
      ),
    }),
    {
      minItems: 1,
      maxItems: 100,
    },
  ),
  listColumns: Type.Array(FieldName, { uniqueItems: true, maxItems: 30 }),
  indexed: Type.Optional(Type.Array(FieldName, { uniqueItems: true, maxItems: 30 })),
});
export type RecordTypeDefinition = Static<typeof RecordTypeSchema>;
