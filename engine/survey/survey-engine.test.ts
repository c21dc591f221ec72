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

/** Tickets ask `ticket-survey` when they reach `done`: speed, attitude, result; auto 5 stars after P3D; 2 stars or less notifies the manager and offers reopening. */
const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');
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
  const type = await types.get('ticket');
  const ticket = await store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, teamId: TEAMS.desk, actor: ANN, fields: { subject: '电脑蓝屏' } });
  const moveTo = async (state: string) => store.update(ticket.id, { expectedVersion: (await store.get(ticket.id, ALL)).version, state }, ALL, SAM);
  return { clock, store, surveys, jobs, ticket, moveTo };
}

forEachDatabase('satisfaction surveys', (database) => {
  it('asks the requester once the record is resolved, and takes one answer from them only', async () => {
    const { surveys, ticket, moveTo } = await setUp(database());
    expect(await surveys.latestOf(ticket.id)).toBeNull();
    await moveTo('done');
    expect(await surveys.openFor(ANN)).toEqual([expect.objectContaining({ recordId: ticket.id, status: 'open', round: 1, dimensions: [expect.objectContaining({ id: 'speed' }), expect.objectContaining({ id: 'attitude' }), expect.objectContaining({ id: 'result' })] })]);
    await expect(surveys.answer(ticket.id, SAM, { ratings: { speed: 5, attitude: 5, result: 5 } })).rejects.toMatchObject({ code: 'SURVEY_NOT_FOUND' });
    await expect(surveys.answer(ticket.id, ANN, { ratings: { speed: 6, attitude: 5, colour: 3 } })).rejects.toMatchObject({ code: 'INPUT_INVALID', details: [{ pointer: '/ratings/speed' }, { pointer: '/ratings/result' }, { pointer: '/ratings/colour' }] });
    const answered = await surveys.answer(ticket.id, ANN, { ratings: { speed: 4, attitude: 5, result: 4 }, comment: '很快就修好了' });
    expect(answered).toMatchObject({ status: 'answered', average: 4.33, low: false, comment: '很快就修好了' });
    await expect(surveys.answer(ticket.id, ANN, { ratings: { speed: 1, attitude: 1, result: 1 } })).rejects.toMatchObject({ code: 'SURVEY_CLOSED' });
    expect((await readAudit(database().db.knex, 'record', ticket.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['survey.open', 'survey.answer']));
  });

  it('rates five stars by itself when the requester has not answered within three days', async () => {
    const { clock, surveys, jobs, ticket, moveTo } = await setUp(database());
    await moveTo('done');
    clock.advance(3 * DAY - 60_000);
    await jobs.runUntilIdle();
    expect(await surveys.latestOf(ticket.id)).toMatchObject({ status: 'open' });
    clock.advance(60_000);
    await jobs.runUntilIdle();
    expect(await surveys.latestOf(ticket.id)).toMatchObject({ status: 'auto-rated', ratings: { speed: 5, attitude: 5, result: 5 }, average: 5 });
    await expect(surveys.answer(ticket.id, ANN, { ratings: { speed: 1, attitude: 1, result: 1 } })).rejects.toMatchObject({ code: 'SURVEY_CLOSED' });
  });

  it('on a low rating tells the requester\'s manager and offers reopening, in the answer\'s transaction', async () => {
    const { store, surveys, ticket, moveTo } = await setUp(database());
    await moveTo('done');
    await surveys.answer(ticket.id, ANN, { ratings: { speed: 2, attitude: 4, result: 3 }, comment: '等了太久' });
    expect(await store.get(ticket.id, ALL)).toMatchObject({ fields: { reopenOffered: true } });
    const inbox = (await database().db.knex('inbox_notifications').where({ user_id: SAM })) as Array<{ rule_id: string; subject: string }>;
    expect(inbox.map((n) => [n.rule_id, n.subject])).toEqual([['survey-low', `${ticket.number} was rated 3 stars`]]);
  });

  it('asks again when a reopened record is resolved again, dropping a question left open', async () => {
    const { surveys, ticket, moveTo } = await setUp(database());
    await moveTo('done');
    await moveTo('assigned');
    await moveTo('done');
    expect(await surveys.openFor(ANN)).toEqual([expect.objectContaining({ round: 2 })]);
    const rounds = (await database().db.knex('survey_responses').where({ record_id: ticket.id }).orderBy('round').pluck('status')) as string[];
    expect(rounds).toEqual(['expired', 'open']);
  });
});
