import { Type, type Static } from '@sinclair/typebox';
import { EmbeddedJsonSchema, I18nKey, Identifier, fileSchema, Reference } from './common.schema.js';

export const FormSchema = fileSchema('form', 'Flowdesk form (JSON Schema + uiSchema)', {
  id: Identifier,
  titleKey: I18nKey,
  recordType: Type.Optional(Reference),
  schema: EmbeddedJsonSchema,
  uiSchema: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.Unknown())),
});
export type FormDefinition = Static<typeof FormSchema>;
