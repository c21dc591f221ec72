import { Type, type Static } from '@sinclair/typebox';
import { FieldName, I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

/** What a rule measures; docs/quality-and-surveys.md says what each counts and when. */
export const QUALITY_MEASURES = [
  'count',
  'share',
  'average-duration',
  'sla-met-share',
  'response-in-time',
  'resolution-in-time',
  'reopen-rate',
  'first-contact-resolution',
  'satisfaction-average',
] as const;
export type QualityMeasure = (typeof QUALITY_MEASURES)[number];

/** Measures over resolved records: they need the rule's `resolvedStates`. */
export const RESOLUTION_MEASURES: readonly QualityMeasure[] = ['reopen-rate', 'first-contact-resolution'];

export const QUALITY_GROUPS = ['team', 'agent', 'service', 'organization'] as const;
export type QualityGroup = (typeof QUALITY_GROUPS)[number];

export const QUALITY_PERIODS = ['day', 'week', 'month', 'quarter'] as const;
export type QualityPeriod = (typeof QUALITY_PERIODS)[number];

export const QualityRule = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  recordType: Reference,
  measure: StringEnum(QUALITY_MEASURES),
  where: Type.Optional(
    Type.Record(FieldName, Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: 'Indexed fields and the value each must have. For `share` it is what is counted; for every other measure it narrows the records measured.',
    }),
  ),
  resolvedStates: Type.Optional(
    Type.Array(Identifier, {
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      description: 'States in which a record counts as resolved (required by reopen-rate and first-contact-resolution): leaving them for another state is a reopening.',
    }),
  ),
  groupBy: Type.Optional(StringEnum(QUALITY_GROUPS, 'Default grouping of the results; a report may ask for another.')),
  serviceField: Type.Optional(Type.String({ ...FieldName, description: 'The indexed field that names the service a record is for: what grouping by service groups on.' })),
  period: StringEnum(QUALITY_PERIODS),
  timeZone: Type.Optional(Type.String({ format: 'time-zone', description: 'IANA time zone the periods are cut in; default the time zone of whoever asks.' })),
  target: closedObject({
    op: StringEnum(['>=', '<=']),
    value: Type.Number(),
  }),
});

export const QualitySchema = fileSchema('quality', 'Flowdesk quality (KPI) rules', {
  rules: Type.Array(QualityRule, { minItems: 1, maxItems: 500 }),
});
export type QualityFile = Static<typeof QualitySchema>;
export type QualityRuleDefinition = Static<typeof QualityRule>;
