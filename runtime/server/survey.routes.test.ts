import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { qualityApi } from '../../test/quality-fixture.js';
import type { ApiTestApp } from '../../test/api-app.js';

const ALL = { kind: 'all' } as const;

/** The quality data set (every survey of it answered or rated) and one more case of ann's, just resolved: its survey is open. */
async function setUp(t: TestDatabase) {
  const api = await qualityApi(t);
  const { store, type } = api;
  const fresh = await store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, teamId: TEAMS.desk, actor: userIdOf(PERSONS.ann), fields: { subject: '打印机卡纸', priority: 'p3' } });
  await store.update(fresh.id, { expectedVersion: 1, state: 'resolved' }, ALL, userIdOf(PERSONS.sam));
  return { ...api, fresh, path: `/records/case/${fresh.number}/survey` };
}

forEachDatabase('survey routes', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(() => app?.close());

  it("lists the requester's surveys by status, takes their answer once, and shows it to whoever reads the record", async () => {
    const set = await setUp(database());
    app = set.app;
    const ann = await set.as('ann');
    expect((await ann.get('/surveys')).body.surveys).toEqual([expect.objectContaining({ recordId: set.fresh.id, status: 'open', round: 1 })]);
    expect((await ann.get('/surveys?status=answered')).body.surveys.map((s: { recordId: string }) => s.recordId)).toEqual([set.cases.c1.id, set.cases.c2.id, set.cases.c4.id]);
    expect((await ann.get('/surveys?status=auto-rated')).body.surveys).toEqual([expect.objectContaining({ recordId: set.cases.c3.id, round: 2, average: 5 })]);
    expect((await ann.get('/surveys?status=lost')).body.error.code).toBe('INPUT_INVALID');

    expect((await ann.post(set.path, { ratings: { speed: 0, attitude: 5, quality: 5 } })).body.error.code).toBe('INPUT_INVALID');
    const answered = await ann.post(set.path, { ratings: { speed: 5, attitude: 4, quality: 5 }, comment: '谢谢' });
    expect([answered.status, answered.body.status, answered.body.average]).toEqual([200, 'answered', 4.67]);
    const again = await ann.post(set.path, { ratings: { speed: 5, attitude: 5, quality: 5 } });
    expect([again.status, again.body.error.code]).toEqual([409, 'SURVEY_CLOSED']);
    const sam = await set.as('sam');
    expect((await sam.get(set.path)).body.survey).toMatchObject({ status: 'answered', ratings: { speed: 5, attitude: 4, quality: 5 }, comment: '谢谢' });
    expect((await sam.get('/surveys')).body.surveys).toEqual([]);
  });

  it('lets nobody else answer: an agent who reads the record is refused, another customer does not see it, a record never resolved asked nothing', async () => {
    const set = await setUp(database());
    app = set.app;
    const ratings = { speed: 1, attitude: 1, quality: 1 };
    const refusals = [
      await (await set.as('sam')).post(set.path, { ratings }),
      await (await set.as('bob')).post(set.path, { ratings }),
      await (await set.as('li')).post(set.path, { ratings }),
      await (await set.as('ann')).post(`/records/case/${set.cases.c7.number}/survey`, { ratings }),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [403, 'SURVEY_NOT_RESPONDENT'],
      [404, 'RECORD_NOT_FOUND'],
      [403, 'FORBIDDEN'],
      [404, 'SURVEY_NOT_FOUND'],
    ]);
    expect(await set.db.knex('survey_responses').where({ status: 'open' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});
