import { Type, type Static } from '@sinclair/typebox';
import { I18nKey, LOCALES, fileSchema, StringEnum } from './common.schema.js';

export const I18nSchema = fileSchema('i18n', 'Flowdesk texts for one locale', {
  locale: StringEnum(LOCALES),
  messages: Type.Record(I18nKey, Type.String({ maxLength: 10000 }), { maxProperties: 20000 }),
});
export type I18nFile = Static<typeof I18nSchema>;
