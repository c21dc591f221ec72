/**
 * Satisfaction surveys over HTTP: the requester's open surveys, a record's newest survey (for
 * whoever may read the record), and the requester's answer. Only the requester the survey asks
 * can answer, once.
 */
import { Type } from '@sinclair/typebox';
import { Nullable, route, type ApiRoute } from './api-route.js';
import { RecordKey, TypeId } from './record-api.schema.js';
import type { RecordRouteContext } from './records.routes.js';

const Status = Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('auto-rated'), Type.Literal('expired')], { description: 'expired: the record was resolved again before an answer, and a newer round asks instead.' });

const SurveyView = Type.Object(
  {
    id: Type.String(),
    recordId: Type.String(),
    surveyId: Type.String(),
    titleKey: Type.String(),
    round: Type.Integer({ minimum: 1, description: 'Which time the record asks: a reopened record resolved again asks again.' }),
    status: Status,
    dimensions: Type.Array(Type.Object({ id: Type.String(), titleKey: Type.String() })),
    commentMaxLength: Nullable(Type.Integer()),
    ratings: Nullable(Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 5 }))),
    average: Nullable(Type.Number()),
    comment: Nullable(Type.String()),
    low: Type.Boolean({ description: 'A dimension was rated at or below the survey\u2019s low mark.' }),
    openedAt: Type.String({ format: 'date-time' }),
    answeredAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'SurveyView' },
);

const Params = Type.Object({ type: TypeId, key: RecordKey }, { additionalProperties: false });

export function surveyRoutes({ gate, surveys }: RecordRouteContext): ApiRoute[] {
  if (!surveys) return [];
  const user = { tag: 'records', access: 'user' as const };
  return [
    route({
      ...user,
      method: 'get',
      path: '/surveys',
      summary: 'The satisfaction surveys that ask the caller, oldest first (default: the open ones, waiting for their answer; at most 200)',
      query: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
      response: Type.Object({ surveys: Type.Array(SurveyView) }),
      handler: async ({ caller, query }) => ({ surveys: await surveys.openFor(caller!.userId, query.status ?? 'open') }),
    }),
    route({
      ...user,
      method: 'get',
      path: '/records/:type/:key/survey',
      summary: 'The record\u2019s newest satisfaction survey, whatever its status',
      params: Params,
      response: Type.Object({ survey: Nullable(SurveyView) }),
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND'],
      async handler({ caller, params }) {
        const { record } = await gate.reach(caller!, params.type, params.key, 'read');
        return { survey: await surveys.latestOf(record.id) };
      },
    }),
    route({
      ...user,
      method: 'post',
      path: '/records/:type/:key/survey',
      summary: 'Answer the record\u2019s open survey: 1\u20135 stars for every dimension, and a comment where the survey takes one',
      description: 'Only the requester the survey asks answers, once. A rating at or below the survey\u2019s low mark runs its low-rating rule (a notification, a change of the record) in the same transaction.',
      params: Params,
      body: Type.Object({ ratings: Type.Record(Type.String({ maxLength: 100 }), Type.Integer()), comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false }),
      response: SurveyView,
      errors: ['FORBIDDEN', 'RECORD_TYPE_NOT_FOUND', 'RECORD_NOT_FOUND', 'SURVEY_NOT_FOUND', 'SURVEY_NOT_RESPONDENT', 'SURVEY_CLOSED'],
      async handler({ caller, params, body }) {
        const { record } = await gate.reach(caller!, params.type, params.key, 'read');
        return surveys.answer(record.id, caller!.userId, body);
      },
    }),
  ];
}
