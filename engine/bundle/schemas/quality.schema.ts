import { Type, type Static } from '@sinclair/typebox';
import { FieldName, I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

export const QualitySchema = fileSchema('quality', 'Flowdesk quality (KPI) rules', {
  rules: Type.Array(
    closedObject({
      id: Identifier,
      titleKey: I18nKey,
      recordType: Reference,
      measure: StringEnum(['count', 'share', 'average-duration', 'sla-met-share']),
      where: Type.Optional(Type.Record(FieldName, Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
      period: StringEnum(['day', 'week', 'month', 'quarter']),
      target: closedObject({
        op: StringEnum(['>=', '<=']),
        value: Type.Number(),
      }),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});
export type QualityFile = Static<typeof QualitySchema>;
