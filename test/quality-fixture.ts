/**
 * A month of cases for the quality engine's tests, made through the real record store, SLA engine
 * and survey engine on a manual clock (the quality bundle: TTO 1 h and TTR 4 h around the clock,
 * in UTC; a survey when a case is resolved). Second team `l2` with agent li beside the org
 * fixture's desk and sam. All times UTC, March 2026 (Monday 2 March starts a week):
 *
 * | case | org | created | priority, service | team, agent | what happens | TTO / TTR | survey |
 * |---|---|---|---|---|---|---|---|
 * | c1 | A | 02 00:00 | p1 email | desk, sam | assigned 00:30, resolved 02:00 | met / met (2 h) | ann 5 5 5 at 03:00 |
 * | c2 | A | 02 01:00 | p2 email | desk → l2, li | assigned to l2/li 03:00, resolved 07:00 | missed / missed (6 h) | ann 2 3 4 at 08:00 (low) |
 * | c7 | A | 02 20:00 | p3 network | desk | never assigned | running | — |
 * | c3 | A | 03 00:00 | p3 network | desk, sam | assigned 00:10, resolved 01:00, reopened 05:00, resolved 06:00 | met / met (1 h) | round 2 rated 5 by itself 06 06:00 |
 * | c4 | A | 10 00:00 | p2 network | l2, li | assigned 00:20, resolved 03:00, closed 11 00:00 | met / met (3 h) | ann 4 4 4 at 04:00 |
 * | c5 | B | 10 00:00 | p1 email | desk, sam | assigned 00:05, resolved 00:30 | met / met (0.5 h) | bob 1 1 1 at 01:00 (low) |
 * | c6 | A | Apr 01 00:00 | p3 network | desk | — | running | — |
 */
import { join } from 'node:path';
import {
  buildNotificationDefinitions,
  createInstalledDefinitions,
  createJobRunner,
  createNotificationEngine,
  createSlaDefinitionSource,
  createSlaEngine,
  createSurveyDefinitionSource,
  createQualityDefinitionSource,
  createSurveyEngine,
  type RecordView,
} from '../engine/index.js';
import { createRecordAccess } from '../runtime/access/record-access.js';
import { createRoleCatalog } from '../runtime/access/role-catalog.js';
import { hashPassword } from '../runtime/identity/passwords.js';
import { qualityRoutes } from '../runtime/server/quality.routes.js';
import { recordRoutes } from '../runtime/server/records.routes.js';
import { apiClient, identitySetup, startApiTestApp } from './api-app.js';
import { advanceRunningJobs } from './advance-jobs.js';
import { REPO_ROOT } from './bundle-fixtures.js';
import type { TestDatabase } from './for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from './org-fixture.js';
import { recordsFixture } from './records-fixture.js';

export const QUALITY_BUNDLE = join(REPO_ROOT, 'engine', 'quality', 'fixtures', 'quality-bundle');
export const L2 = 'team-l2';
export const LI = 'user-li';
const ALL = { kind: 'all' } as const;
const at = (text: string) => new Date(`2026-${text}:00Z`);

export async function qualityFixture(t: TestDatabase) {
  const { clock, registry, types, store } = await recordsFixture(t, QUALITY_BUNDLE, at('03-01T00:00'));
  const { knex } = t.db;
  const since = '2026-01-01T00:00:00.000Z';
  await knex('teams').insert({ id: L2, organization_id: ORGS.provider, name: 'Second line', created_at: since });
  await knex('persons').insert({ id: 'person-li', organization_id: ORGS.provider, name: 'li', email: 'li@example.test', status: 'active', created_at: since, updated_at: since });
  await knex('users').insert({ id: LI, login: 'li', person_id: 'person-li', kind: 'local', password_hash: null, status: 'active', failed_logins: 0, language: 'en', time_zone: 'UTC', created_at: since, updated_at: since });
  const notifications = createNotificationEngine({ db: t.db, clock, definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { maxAgeMs: 0 }), canRead: async () => true });
  const sla = createSlaEngine({ db: t.db, clock, definitions: createSlaDefinitionSource(registry, { maxAgeMs: 0 }), actions: { run: async () => {} } });
  const surveys = createSurveyEngine({ db: t.db, clock, definitions: createSurveyDefinitionSource(registry, { maxAgeMs: 0 }), notify: notifications.notifyRule, records: store, types });
  store.observe(sla.observer);
  store.observe(surveys.observer);
  const jobs = createJobRunner({ db: t.db, clock, handlers: { ...sla.jobHandlers, ...surveys.jobHandlers }, log: { warn: () => {}, error: () => {} } });
  const type = await types.get('case');
  const moveTo = (when: string) => advanceRunningJobs(t.db, clock, jobs, at(when));

  const open = async (when: string, placement: { org?: string; caller?: string; team: string; agent?: string }, priority: string, service: string) => {
    await moveTo(when);
    const caller = placement.caller ?? PERSONS.ann;
    return store.create({ type, organizationId: placement.org ?? ORGS.a, callerId: caller, teamId: placement.team, ...(placement.agent ? { assigneeId: placement.agent } : {}), actor: userIdOf(caller), fields: { subject: `${priority} ${service}`, priority, service } });
  };
  const change = async (record: RecordView, when: string, patch: { state: string; teamId?: string; assigneeId?: string }) => {
    await moveTo(when);
    await store.update(record.id, { expectedVersion: (await store.get(record.id, ALL)).version, ...patch }, ALL, userIdOf(PERSONS.sam));
  };
  const rate = async (record: RecordView, when: string, caller: string, stars: [number, number, number]) => {
    await moveTo(when);
    await surveys.answer(record.id, userIdOf(caller), { ratings: { speed: stars[0], attitude: stars[1], quality: stars[2] } });
  };

  const sam = { team: TEAMS.desk, agent: userIdOf(PERSONS.sam) };
  const c1 = await open('03-02T00:00', sam, 'p1', 'email');
  await change(c1, '03-02T00:30', { state: 'assigned' });
  const c2 = await open('03-02T01:00', { team: TEAMS.desk }, 'p2', 'email');
  await change(c1, '03-02T02:00', { state: 'resolved' });
  await change(c2, '03-02T03:00', { state: 'assigned', teamId: L2, assigneeId: LI });
  await rate(c1, '03-02T03:00', PERSONS.ann, [5, 5, 5]);
  await change(c2, '03-02T07:00', { state: 'resolved' });
  await rate(c2, '03-02T08:00', PERSONS.ann, [2, 3, 4]);
  const c7 = await open('03-02T20:00', { team: TEAMS.desk }, 'p3', 'network');
  const c3 = await open('03-03T00:00', sam, 'p3', 'network');
  await change(c3, '03-03T00:10', { state: 'assigned' });
  await change(c3, '03-03T01:00', { state: 'resolved' });
  await change(c3, '03-03T05:00', { state: 'assigned' });
  await change(c3, '03-03T06:00', { state: 'resolved' });
  const c4 = await open('03-10T00:00', { team: L2, agent: LI }, 'p2', 'network');
  const c5 = await open('03-10T00:00', { ...sam, org: ORGS.b, caller: PERSONS.bob }, 'p1', 'email');
  await change(c5, '03-10T00:05', { state: 'assigned' });
  await change(c4, '03-10T00:20', { state: 'assigned' });
  await change(c5, '03-10T00:30', { state: 'resolved' });
  await rate(c5, '03-10T01:00', PERSONS.bob, [1, 1, 1]);
  await change(c4, '03-10T03:00', { state: 'resolved' });
  await rate(c4, '03-10T04:00', PERSONS.ann, [4, 4, 4]);
  await change(c4, '03-11T00:00', { state: 'closed' });
  const c6 = await open('04-01T00:00', { team: TEAMS.desk }, 'p3', 'network');
  await moveTo('04-02T00:00');
  return { db: t.db, clock, registry, types, store, type, surveys, cases: { c1, c2, c3, c4, c5, c6, c7 } };
}

const PASSWORD = 'a long enough test password';

/**
 * The data set behind the real edge: the quality and survey routes (and the record routes), with
 * logins sam (case-agent: every case), ann and bob (case-requester: their own cases) and li (no
 * role). Clients log in like a browser.
 */
export async function qualityApi(t: TestDatabase) {
  const fixture = await qualityFixture(t);
  const { db, clock, registry, store, types, surveys } = fixture;
  await db.knex('users').update({ password_hash: await hashPassword(PASSWORD) });
  await db.knex('user_roles').insert([
    { user_id: userIdOf(PERSONS.sam), role_id: 'case-agent' },
    { user_id: userIdOf(PERSONS.ann), role_id: 'case-requester' },
    { user_id: userIdOf(PERSONS.bob), role_id: 'case-requester' },
  ]);
  const roles = createRoleCatalog(registry);
  const access = createRecordAccess({ db, roles });
  const identity = identitySetup(db, clock, { roleIds: await roles.roleIds() });
  const quality = createQualityDefinitionSource(registry, { maxAgeMs: 0 });
  const app = await startApiTestApp({ ...identity, routes: [...identity.routes, ...recordRoutes({ clock, store, types, access, surveys, db }), ...qualityRoutes({ db, store, types, access, quality })] });
  const as = async (login: 'sam' | 'ann' | 'bob' | 'li') => {
    const client = apiClient(app.url);
    await client.login(login, PASSWORD);
    return client;
  };
  return { ...fixture, app, as };
}
