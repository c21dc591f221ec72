import { join } from 'node:path';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { readAudit } from '../audit/audit-log.js';
import { createInstalledDefinitions } from '../bundle/installed-definitions.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { buildNotificationDefinitions, createNotificationEngine } from '../notify/notification-engine.js';
import { createSurveyDefinitionSource } from './survey-definitions.js';
import { createSurveyEngine } from './survey-engine.js';

/** Cases ask `case-satisfaction` when resolved: speed, attitude, quality; 5 stars by itself after P3D; 2 stars or less flags the case and tells the requester's manager. */
const BUNDLE = join(REPO_ROOT, 'engine', 'quality', 'fixtures', 'quality-bundle');
const ANN = userIdOf(PERSONS.ann);
const SAM = userIdOf(PERSONS.sam);
const ALL = { kind: 'all' } as const;
const DAY = 86_400_000;

async function setUp(t: TestDatabase) {
  const { clock, registry, types, store } = await recordsFixture(t, BUNDLE, new Date('2026-03-09T02:00:00Z'));
  await t.db.knex('persons').where({ id: PERSONS.ann }).update({ manager_id: PERSONS.sam });
  const notifications = createNotificationEngine({ db: t.db, clock, definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { maxAgeMs: 0 }), canRead: async () => true });
  const surveys = createSurveyEngine({ db: t.db, clock, definitions: createSurveyDefinitionSource(registry, { maxAgeMs: 0 }), notify: notifications.notifyRule, records: store, types });
  store.observe(surveys.observer);
  const jobs = createJobRunner({ db: t.db, clock, handlers: surveys.jobHandlers, log: { warn: () => {}, error: () => {} } });
  const type = await types.get('case');
  const record = await store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, teamId: TEAMS.desk, actor: ANN, fields: { subject: '电脑蓝屏', priority: 'p2' } });
  const moveTo = async (state: string) => store.update(record.id, { expectedVersion: (await store.get(record.id, ALL)).version, state }, ALL, SAM);
  const rounds = async () => (await t.db.knex('survey_responses').where({ record_id: record.id }).orderBy('round').select('round', 'status', 'bundle_version')) as Array<{ round: number; status: string; bundle_version: string }>;
  return { clock, store, surveys, jobs, record, moveTo, rounds };
}

forEachDatabase('satisfaction surveys', (database) => {
  it('asks the requester once the record is resolved, and takes one valid answer from them only', async () => {
    const { surveys, record, moveTo } = await setUp(database());
    await moveTo('assigned');
    expect(await surveys.latestOf(record.id)).toBeNull();
    await expect(surveys.answer(record.id, ANN, { ratings: { speed: 5, attitude: 5, quality: 5 } })).rejects.toMatchObject({ code: 'SURVEY_NOT_FOUND' });

    await moveTo('resolved');
    expect(await surveys.openFor(ANN)).toEqual([expect.objectContaining({ recordId: record.id, surveyId: 'case-satisfaction', status: 'open', round: 1, dimensions: [expect.objectContaining({ id: 'speed' }), expect.objectContaining({ id: 'attitude' }), expect.objectContaining({ id: 'quality' })] })]);
    expect(await surveys.openFor(SAM)).toEqual([]);
    await expect(surveys.answer(record.id, SAM, { ratings: { speed: 5, attitude: 5, quality: 5 } })).rejects.toMatchObject({ code: 'SURVEY_NOT_RESPONDENT' });
    await expect(surveys.answer(record.id, ANN, { ratings: { speed: 6, attitude: 2.5, colour: 3 } })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      details: [{ pointer: '/ratings/speed' }, { pointer: '/ratings/attitude' }, { pointer: '/ratings/quality' }, { pointer: '/ratings/colour' }],
    });
    await expect(surveys.answer(record.id, ANN, { ratings: { speed: 5, attitude: 5, quality: 5 }, comment: '好'.repeat(201) })).rejects.toMatchObject({ code: 'INPUT_INVALID', details: [{ pointer: '/comment' }] });

    const answered = await surveys.answer(record.id, ANN, { ratings: { speed: 4, attitude: 5, quality: 4 }, comment: '很快就修好了' });
    expect(answered).toMatchObject({ status: 'answered', ratings: { speed: 4, attitude: 5, quality: 4 }, average: 4.33, low: false, comment: '很快就修好了' });
    await expect(surveys.answer(record.id, ANN, { ratings: { speed: 1, attitude: 1, quality: 1 } })).rejects.toMatchObject({ code: 'SURVEY_CLOSED' });
    expect(await surveys.openFor(ANN)).toEqual([]);
    expect(await surveys.openFor(ANN, 'answered')).toEqual([expect.objectContaining({ recordId: record.id })]);
    const audit = await readAudit(database().db.knex, 'record', record.id);
    expect(audit.filter((a) => a.action.startsWith('survey.')).map((a) => [a.action, a.actor])).toEqual([
      ['survey.open', 'system:survey'],
      ['survey.answer', ANN],
    ]);
  });

  it('rates every dimension five stars by itself when the requester has not answered within three days', async () => {
    const { clock, surveys, jobs, record, moveTo } = await setUp(database());
    await moveTo('resolved');
    clock.advance(3 * DAY - 60_000);
    await jobs.runUntilIdle();
    expect(await surveys.latestOf(record.id)).toMatchObject({ status: 'open' });
    clock.advance(60_000);
    await jobs.runUntilIdle();
    expect(await surveys.latestOf(record.id)).toMatchObject({ status: 'auto-rated', ratings: { speed: 5, attitude: 5, quality: 5 }, average: 5, low: false, answeredAt: clock.now().toISOString() });
    await expect(surveys.answer(record.id, ANN, { ratings: { speed: 1, attitude: 1, quality: 1 } })).rejects.toMatchObject({ code: 'SURVEY_CLOSED' });
    const audit = await readAudit(database().db.knex, 'record', record.id);
    expect(audit.filter((a) => a.action === 'survey.auto-rate').map((a) => [a.actor, a.details])).toEqual([['system:survey', expect.objectContaining({ stars: 5 })]]);
  });

  it("on a low rating flags the record and tells the requester's manager, in the answer's transaction", async () => {
    const { store, surveys, record, moveTo } = await setUp(database());
    await moveTo('resolved');
    await surveys.answer(record.id, ANN, { ratings: { speed: 2, attitude: 4, quality: 3 }, comment: '等了太久' });
    expect(await surveys.latestOf(record.id)).toMatchObject({ status: 'answered', low: true, average: 3 });
    expect(await store.get(record.id, ALL)).toMatchObject({ state: 'resolved', fields: { lowSatisfaction: true } });
    const history = await store.history(record.id, ALL, { limit: 50 });
    expect(history.filter((h) => h.field === 'lowSatisfaction').map((h) => [h.newValue, h.actor])).toEqual([[true, 'system:survey']]);
    const inbox = (await database().db.knex('inbox_notifications').where({ user_id: SAM })) as Array<{ rule_id: string; subject: string }>;
    expect(inbox.map((n) => [n.rule_id, n.subject])).toEqual([['case-low-rating', `${record.number} was rated 3 stars`]]);
  });

  it('asks again when a reopened record is resolved again, dropping the earlier question and its automatic rating', async () => {
    const { clock, surveys, jobs, moveTo, rounds } = await setUp(database());
    await moveTo('resolved');
    await moveTo('assigned');
    await moveTo('resolved');
    await moveTo('closed');
    expect(await surveys.openFor(ANN)).toEqual([expect.objectContaining({ round: 2 })]);
    expect(await rounds()).toEqual([
      { round: 1, status: 'expired', bundle_version: 'quality-tests@1.0.0' },
      { round: 2, status: 'open', bundle_version: 'quality-tests@1.0.0' },
    ]);
    expect(await database().db.knex('jobs').where({ type: 'survey.auto-rate' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    clock.advance(3 * DAY);
    await jobs.runUntilIdle();
    expect((await rounds()).map((r) => r.status)).toEqual(['expired', 'auto-rated']);
  });

  it('asks nobody when the requester has no active account', async () => {
    const { surveys, record, moveTo, rounds } = await setUp(database());
    await database().db.knex('users').where({ id: ANN }).update({ status: 'disabled' });
    await moveTo('resolved');
    expect(await rounds()).toEqual([]);
    expect(await surveys.latestOf(record.id)).toBeNull();
  });
});
