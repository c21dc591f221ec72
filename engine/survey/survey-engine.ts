/**
 * Satisfaction surveys, as ServiceHot runs them (回访): when a record enters a state a survey opens
 * in (resolved), its requester is asked to rate it 1–5 stars on each of the survey's dimensions,
 * with a comment. Unanswered after the survey's `autoRate.after`, it is rated automatically (five
 * stars by default in bundles) by an `survey.auto-rate` job. A rating at or below the survey's
 * low mark runs its low-rating rule in the answer's transaction: a notification (the manager) and
 * a change of the record (offer reopening). Opening, answering and auto-rating are audited.
 */
import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { addIsoDuration } from '../bundle/iso-duration.js';
import type { InstalledDefinitions } from '../bundle/installed-definitions.js';
import type { SurveyDefinition } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { JobContext } from '../jobs/job-runner.js';
import { cancelJobs, scheduleJob } from '../jobs/job-schedule.js';
import type { Job } from '../jobs/job.js';
import { findRecord } from '../records/record-lookup.js';
import type { RecordObserver, RecordWrite } from '../records/record-observers.js';
import type { RecordStore } from '../records/record-store.js';
import type { RecordTypeSource } from '../records/record-types.js';
import { toRecordView, type RecordView } from '../records/record-view.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import type { SurveyDefinitions } from './survey-definitions.js';
import { checkedAnswer, toSurveyView, type SurveyAnswer, type SurveyRow, type SurveyStatus, type SurveyView } from './survey-responses.js';

export const SURVEY_AUTO_RATE_JOB = 'survey.auto-rate';
const ALL = { kind: 'all' } as const;

export interface SurveyEngineDeps {
  db: Database;
  clock: Clock;
  definitions: InstalledDefinitions<SurveyDefinitions>;
  /** Sends a notification rule about a record (the notification engine's `notifyRule`). */
  notify(trx: Transaction, ruleId: string, record: RecordView, extra: Record<string, unknown>): Promise<void>;
  records: Pick<RecordStore, 'update'>;
  types: RecordTypeSource;
}

export function createSurveyEngine({ db, clock, definitions, notify, records, types }: SurveyEngineDeps) {
  /** The requester's active account: who is asked. */
  async function respondentOf(trx: Transaction, record: RecordView): Promise<string | null> {
    if (!record.callerId) return null;
    const user = (await trx('users').where({ person_id: record.callerId, status: 'active' }).orderBy('created_at').first('id')) as { id: string } | undefined;
    return user?.id ?? null;
  }

  async function open(trx: Transaction, defs: SurveyDefinitions, survey: SurveyDefinition, write: RecordWrite): Promise<void> {
    const record = write.after;
    const respondent = await respondentOf(trx, record);
    if (!respondent) return;
    // A record reopened and resolved again asks again; a question left open from before is dropped, with its automatic rating.
    const left = (await trx('survey_responses').where({ record_id: record.id, survey_id: survey.id, status: 'open' }).pluck('id')) as string[];
    for (const id of left) await cancelJobs(trx, { instanceId: id, types: [SURVEY_AUTO_RATE_JOB] });
    if (left.length > 0) await trx('survey_responses').whereIn('id', left).update({ status: 'expired' });
    const rounds = (await trx('survey_responses').where({ record_id: record.id, survey_id: survey.id }).max({ n: 'round' }).first()) as { n: number | null } | undefined;
    const row = {
      id: uuidv7(),
      record_id: record.id,
      survey_id: survey.id,
      bundle_version: defs.bundleVersionOf(survey.id) ?? '',
      round: Number(rounds?.n ?? 0) + 1,
      respondent_user_id: respondent,
      status: 'open',
      ratings: null,
      average: null,
      comment: null,
      low: false,
      team_id: record.teamId,
      assignee_id: record.assigneeId,
      opened_at: write.at,
      answered_at: null,
    };
    await trx('survey_responses').insert(row);
    await appendAudit(trx, clock, { actor: 'system:survey', action: 'survey.open', targetType: 'record', targetId: record.id, details: { survey: survey.id, round: row.round, respondent } });
    if (survey.autoRate) await scheduleJob(trx, clock, { type: SURVEY_AUTO_RATE_JOB, dueAt: addIsoDuration(new Date(write.at), survey.autoRate.after), instanceId: row.id, payload: { responseId: row.id }, maxAttempts: 5 });
  }

  const observer: RecordObserver = {
    async recordWritten(trx, write) {
      if (write.before?.state === write.after.state) return;
      const defs = await definitions.get(trx);
      for (const survey of defs.surveysFor(write.type.id)) {
        const entered = survey.openWhenState.includes(write.after.state) && !(write.before && survey.openWhenState.includes(write.before.state));
        if (entered) await open(trx, defs, survey, write);
      }
    },
  };

  /** The record's newest survey, when it asks `userId` and is open, locked for the answer. @throws SURVEY_NOT_FOUND, SURVEY_NOT_RESPONDENT, SURVEY_CLOSED */
  async function askedOf(trx: Transaction, recordId: string, userId: string): Promise<SurveyRow> {
    const query = newest(trx, recordId);
    if (db.dialect === 'mysql') query.forUpdate();
    const row = (await query) as SurveyRow | undefined;
    if (!row) throw new FlowdeskError('SURVEY_NOT_FOUND', 'the record has asked no satisfaction survey');
    if (row.respondent_user_id !== userId) throw new FlowdeskError('SURVEY_NOT_RESPONDENT', "the survey asks the record's requester; only they answer it");
    if (row.status !== 'open') throw new FlowdeskError('SURVEY_CLOSED', `the survey was ${row.status === 'answered' ? 'answered' : 'closed'} already`);
    return row;
  }

  /**
   * The requester answers: every dimension 1–5, a comment within the survey's limit. A low
   * rating runs the survey's low-rating rule in the same transaction.
   * @throws SURVEY_NOT_FOUND, SURVEY_CLOSED, INPUT_INVALID
   */
  async function answer(recordId: string, userId: string, input: SurveyAnswer): Promise<SurveyView> {
    return inTransaction(db, async (trx) => {
      const row = await askedOf(trx, recordId, userId);
      const survey = (await definitions.get(trx)).survey(row.survey_id);
      if (!survey) throw new FlowdeskError('SURVEY_NOT_FOUND', 'the survey is no longer installed');
      const { ratings, comment, average } = checkedAnswer(survey, input);
      const low = survey.lowRating !== undefined && Object.values(ratings).some((stars) => stars <= survey.lowRating!.atOrBelow);
      const answered = { status: 'answered', ratings: JSON.stringify(ratings), average, comment, low, answered_at: clock.now().toISOString() };
      if ((await trx('survey_responses').where({ id: row.id, status: 'open' }).update(answered)) !== 1) throw new FlowdeskError('SURVEY_CLOSED', 'the survey was closed meanwhile');
      await appendAudit(trx, clock, { actor: userId, action: 'survey.answer', targetType: 'record', targetId: recordId, details: { survey: survey.id, round: row.round, ratings, average, low } });
      if (low) await onLowRating(trx, survey, recordId, { ratings, average, comment });
      return toSurveyView({ ...row, ...answered }, survey);
    });
  }

  async function onLowRating(trx: Transaction, survey: SurveyDefinition, recordId: string, rating: Record<string, unknown>): Promise<void> {
    const rule = survey.lowRating!;
    let record = toRecordView(await findRecord(trx, recordId, ALL));
    if (rule.set) {
      const type = await types.get(record.type, trx);
      record = await records.update(record.id, { expectedVersion: record.version, ...rule.set }, ALL, 'system:survey', { trx, type });
    }
    if (rule.notify) await notify(trx, rule.notify, record, { survey: { id: survey.id, ...rating } });
  }

  async function autoRate(job: Job, context: JobContext): Promise<void> {
    const { responseId } = job.payload as { responseId: string };
    await inTransaction(db, async (trx) => {
      const row = (await trx('survey_responses').where({ id: responseId }).first()) as SurveyRow | undefined;
      const survey = row ? (await definitions.get(trx)).survey(row.survey_id) : undefined;
      if (row?.status === 'open' && survey?.autoRate) {
        const stars = survey.autoRate.stars;
        const ratings = Object.fromEntries(survey.dimensions.map((d) => [d.id, stars]));
        await trx('survey_responses').where({ id: row.id, status: 'open' }).update({ status: 'auto-rated', ratings: JSON.stringify(ratings), average: stars, answered_at: context.clock.now().toISOString() });
        await appendAudit(trx, clock, { actor: 'system:survey', action: 'survey.auto-rate', targetType: 'record', targetId: row.record_id, details: { survey: survey.id, round: row.round, stars } });
      }
      await context.complete(trx);
    });
  }

  return {
    observer,
    answer,
    jobHandlers: { [SURVEY_AUTO_RATE_JOB]: autoRate },
    /** The newest survey of a record (any status), or null. */
    async latestOf(recordId: string): Promise<SurveyView | null> {
      const row = (await newest(db.knex, recordId)) as SurveyRow | undefined;
      const survey = row ? (await definitions.get()).survey(row.survey_id) : undefined;
      return row && survey ? toSurveyView(row, survey) : null;
    },
    /** The surveys that ask a user, in a status (default: open, waiting for their answer), oldest first; at most 200. */
    async openFor(userId: string, status: SurveyStatus = 'open'): Promise<SurveyView[]> {
      const rows = (await db.knex('survey_responses').where({ respondent_user_id: userId, status }).orderBy('opened_at').orderBy('id').limit(200)) as SurveyRow[];
      const defs = await definitions.get();
      return rows.flatMap((row) => {
        const survey = defs.survey(row.survey_id);
        return survey ? [toSurveyView(row, survey)] : [];
      });
    },
  };
}

/** A record's newest survey: the last opened (rounds of one record open one after another). */
function newest(knex: Knex, recordId: string) {
  return knex('survey_responses').where({ record_id: recordId }).orderBy('opened_at', 'desc').orderBy('round', 'desc').first();
}

export type SurveyEngine = ReturnType<typeof createSurveyEngine>;
