import { Type, type Static } from '@sinclair/typebox';
import { I18nKey, Identifier, closedObject, fileSchema, Reference } from './common.schema.js';

/** Words a search should also find the item by (synonyms, abbreviations, the other language). */
const Keywords = Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30 }));

export const CatalogFamilySchema = closedObject(
  {
    id: Identifier,
    titleKey: I18nKey,
    descriptionKey: Type.Optional(I18nKey),
  },
  'A service family: the top level of the catalog (e.g. workplace IT, facilities).',
);

export const CatalogSubcategorySchema = closedObject(
  {
    id: Identifier,
    titleKey: I18nKey,
    keywords: Keywords,
  },
  'A finer grouping of the entries of one service.',
);

export const CatalogServiceSchema = closedObject(
  {
    id: Identifier,
    family: Identifier,
    titleKey: I18nKey,
    descriptionKey: Type.Optional(I18nKey),
    keywords: Keywords,
    subcategories: Type.Optional(Type.Array(CatalogSubcategorySchema, { maxItems: 200 })),
  },
  'A service of a family. Customer contracts and delivery models name services by id.',
);

export const CatalogApprovalLevelSchema = closedObject(
  {
    id: Identifier,
    role: Reference,
  },
  'One approval level: a holder of the role approves before the work goes on.',
);

export const CatalogEntrySchema = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  descriptionKey: Type.Optional(I18nKey),
  family: Identifier,
  service: Identifier,
  subcategory: Type.Optional(Identifier),
  keywords: Keywords,
  recordType: Reference,
  process: Reference,
  startForm: Type.Optional(Reference),
  sla: Type.Optional(Reference),
  calendar: Type.Optional(Reference),
  requestableBy: Type.Optional(Type.Array(Reference, { uniqueItems: true, description: 'Roles that may request it.' })),
  approvals: Type.Optional(Type.Array(CatalogApprovalLevelSchema, { minItems: 1, maxItems: 10, description: 'Approval levels, in the order they approve.' })),
});

export const CatalogSchema = fileSchema('catalog', 'Flowdesk service catalog: families, services and entries', {
  families: Type.Array(CatalogFamilySchema, { minItems: 1, maxItems: 200 }),
  services: Type.Array(CatalogServiceSchema, { minItems: 1, maxItems: 1000 }),
  entries: Type.Array(CatalogEntrySchema, { minItems: 1, maxItems: 2000 }),
});
export type CatalogFile = Static<typeof CatalogSchema>;
export type CatalogFamily = Static<typeof CatalogFamilySchema>;
export type CatalogService = Static<typeof CatalogServiceSchema>;
export type CatalogSubcategory = Static<typeof CatalogSubcategorySchema>;
export type CatalogEntry = Static<typeof CatalogEntrySchema>;
export type CatalogApprovalLevel = Static<typeof CatalogApprovalLevelSchema>;
