import { Type, type Static } from '@sinclair/typebox';
import { Duration, FieldName, I18nKey, Identifier, closedObject, fileSchema, Reference, StringEnum } from './common.schema.js';

const Stars = Type.Integer({ minimum: 1, maximum: 5 });
const FieldValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

export const Survey = closedObject({
  id: Identifier,
  titleKey: I18nKey,
  recordType: Reference,
  openWhenState: Type.Array(Identifier, {
    uniqueItems: true,
    minItems: 1,
    maxItems: 20,
    description: "States that open the survey when the record enters one of them (each time: a reopened and re-resolved record asks again).",
  }),
  respondent: Type.Optional(StringEnum(['caller'], "Who is asked: `caller`, the active account of the record's caller (the default).")),
  dimensions: Type.Array(closedObject({ id: Identifier, titleKey: I18nKey }), { minItems: 1, maxItems: 5, description: 'What the requester rates, 1–5 stars each (ServiceHot asks three: speed, attitude, result).' }),
  comment: Type.Optional(closedObject({ maxLength: Type.Integer({ minimum: 1, maximum: 2000 }) }, 'The requester may add a comment of at most this many characters.')),
  autoRate: Type.Optional(
    closedObject({ after: Duration, stars: Stars }, 'Rated automatically, every dimension with `stars`, when the requester has not answered within `after` (calendar time).'),
  ),
  lowRating: Type.Optional(
    closedObject(
      {
        atOrBelow: Stars,
        notify: Type.Optional(Reference),
        set: Type.Optional(closedObject({ state: Type.Optional(Identifier), fields: Type.Optional(Type.Record(FieldName, FieldValue)) })),
      },
      'When the requester rates any dimension at or below `atOrBelow`: send a notification rule (the manager), change the record (offer reopening).',
    ),
  ),
});

export const SurveysSchema = fileSchema('surveys', 'Flowdesk satisfaction surveys', {
  surveys: Type.Array(Survey, { minItems: 1, maxItems: 100 }),
});
export type SurveysFile = Static<typeof SurveysSchema>;
export type SurveyDefinition = Static<typeof Survey>;
