import { Type, type Static } from '@sinclair/typebox';
import { I18nKey, Identifier, closedObject, fileSchema, Reference } from './common.schema.js';

export const CatalogSchema = fileSchema('catalog', 'Flowdesk service catalog entries', {
  entries: Type.Array(
    closedObject({
      id: Identifier,
      titleKey: I18nKey,
      descriptionKey: Type.Optional(I18nKey),
      family: Identifier,
      service: Identifier,
      keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30 })),
      recordType: Reference,
      process: Reference,
      startForm: Type.Optional(Reference),
      sla: Type.Optional(Reference),
      calendar: Type.Optional(Reference),
      requestableBy: Type.Optional(Type.Array(Reference, { uniqueItems: true, description: 'Roles that may request it.' })),
    }),
    { minItems: 1, maxItems: 2000 },
  ),
});
export type CatalogFile = Static<typeof CatalogSchema>;
