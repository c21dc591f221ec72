/** Survey rows as stored and as callers see them, and the check of an answer against its survey. */
import type { SurveyDefinition } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export interface SurveyRow {
  id: string;
  record_id: string;
  survey_id: string;
  bundle_version: string;
  round: number;
  respondent_user_id: string | null;
  status: string;
  ratings: string | null;
  average: number | null;
  comment: string | null;
  low: boolean | number;
  team_id: string | null;
  assignee_id: string | null;
  opened_at: string;
  answered_at: string | null;
}

export interface SurveyAnswer {
  ratings: Record<string, unknown>;
  comment?: string | null;
}

export type SurveyStatus = 'open' | 'answered' | 'auto-rated' | 'expired';

export interface SurveyView {
  id: string;
  recordId: string;
  surveyId: string;
  titleKey: string;
  round: number;
  /** expired: the record was resolved again before an answer, and a newer round asks instead. */
  status: SurveyStatus;
  dimensions: Array<{ id: string; titleKey: string }>;
  commentMaxLength: number | null;
  ratings: Record<string, number> | null;
  average: number | null;
  comment: string | null;
  low: boolean;
  openedAt: string;
  answeredAt: string | null;
}

export function toSurveyView(row: SurveyRow, survey: SurveyDefinition): SurveyView {
  return {
    id: row.id,
    recordId: row.record_id,
    surveyId: row.survey_id,
    titleKey: survey.titleKey,
    round: Number(row.round),
    status: row.status as SurveyStatus,
    dimensions: survey.dimensions.map((d) => ({ id: d.id, titleKey: d.titleKey })),
    commentMaxLength: survey.comment?.maxLength ?? null,
    ratings: row.ratings ? (JSON.parse(row.ratings) as Record<string, number>) : null,
    average: row.average === null ? null : Number(row.average),
    comment: row.comment,
    low: Boolean(row.low),
    openedAt: row.opened_at,
    answeredAt: row.answered_at,
  };
}

/** Every dimension rated 1–5 (whole stars), nothing else; a comment only where the survey takes one. @throws INPUT_INVALID */
export function checkedAnswer(survey: SurveyDefinition, input: SurveyAnswer): { ratings: Record<string, number>; comment: string | null; average: number } {
  const problems: Array<{ pointer: string; message: string }> = [];
  const given = input.ratings ?? {};
  const ratings: Record<string, number> = {};
  for (const { id } of survey.dimensions) {
    const stars = given[id];
    if (typeof stars !== 'number' || !Number.isInteger(stars) || stars < 1 || stars > 5) problems.push({ pointer: `/ratings/${id}`, message: 'must be a whole number of stars from 1 to 5' });
    else ratings[id] = stars;
  }
  for (const key of Object.keys(given)) if (!survey.dimensions.some((d) => d.id === key)) problems.push({ pointer: `/ratings/${key}`, message: 'is not a dimension of this survey' });
  const comment = input.comment ?? null;
  if (comment !== null && (!survey.comment || typeof comment !== 'string' || comment.length > survey.comment.maxLength)) {
    problems.push({ pointer: '/comment', message: survey.comment ? `must be text of at most ${survey.comment.maxLength} characters` : 'this survey takes no comment' });
  }
  if (problems.length > 0) throw new FlowdeskError('INPUT_INVALID', `the answer does not fit the survey: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`, { details: problems });
  const values = Object.values(ratings);
  return { ratings, comment, average: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 };
}
