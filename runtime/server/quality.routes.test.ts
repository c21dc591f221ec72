import { forEachDatabase } from '../../test/for-each-database.js';
import { TEAMS } from '../../test/org-fixture.js';
import { L2, qualityApi } from '../../test/quality-fixture.js';
import type { ApiTestApp } from '../../test/api-app.js';

/** The data set and its numbers: test/quality-fixture.ts. */
const MARCH = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';

forEachDatabase('quality report routes', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(() => app?.close());

  it("evaluates a rule over the records each caller may read, grouped as the rule or the caller asks", async () => {
    const set = await qualityApi(database());
    app = set.app;
    const [sam, ann, bob] = [await set.as('sam'), await set.as('ann'), await set.as('bob')];
    const inTime = `/reports/quality?rule=responded-in-time&${MARCH}`;
    const row = (answer: { body: { rows: Array<Record<string, unknown>> } }) => answer.body.rows.map((r) => [r['group'], r['value'], r['numerator'], r['denominator'], r['isTargetMet']]);
    const all = await sam.get(inTime);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ ruleId: 'responded-in-time', recordType: 'case', measure: 'response-in-time', period: 'month', timeZone: 'UTC', groupBy: null, target: { op: '>=', value: 0.9 } });
    expect(row(all)).toEqual([[null, 0.8, 4, 5, false]]);
    expect(row(await ann.get(inTime))).toEqual([[null, 0.75, 3, 4, false]]);
    expect(row(await bob.get(inTime))).toEqual([[null, 1, 1, 1, true]]);

    expect(row(await sam.get(`/reports/quality?rule=resolved-in-time&${MARCH}`))).toEqual([
      [TEAMS.desk, 1, 3, 3, true],
      [L2, 0.5, 1, 2, false],
    ]);
    expect(row(await sam.get(`/reports/quality?rule=resolved-in-time&${MARCH}&groupBy=none`))).toEqual([[null, 0.8, 4, 5, true]]);
    const shanghai = await sam.get('/reports/quality?rule=satisfaction&from=2026-03-01T00:00:00%2B08:00&to=2026-04-01T00:00:00%2B08:00');
    expect([shanghai.body.timeZone, shanghai.body.periods]).toEqual(['Asia/Shanghai', [{ start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' }]]);
    expect(row(shanghai)).toEqual([
      ['email', 3, 9, 3, false],
      ['network', 4.5, 9, 2, true],
    ]);
  });

  it('lists the rules a caller may evaluate, and refuses unknown rules, callers without a grant and ranges over a year', async () => {
    const set = await qualityApi(database());
    app = set.app;
    const [sam, li] = [await set.as('sam'), await set.as('li')];
    const rules = (await sam.get('/reports/quality/rules')).body.rules as Array<{ id: string }>;
    expect(rules.map((r) => r.id)).toEqual(['created', 'urgent-share', 'responded-in-time', 'resolved-in-time', 'sla-met', 'time-to-resolve', 'reopened', 'first-contact', 'satisfaction']);
    expect(rules[3]).toEqual({ id: 'resolved-in-time', titleKey: 'quality.resolved-in-time', recordType: 'case', measure: 'resolution-in-time', period: 'month', groupBy: 'team', target: { op: '>=', value: 0.8 } });
    expect((await li.get('/reports/quality/rules')).body.rules).toEqual([]);
    const refusals = [
      await sam.get(`/reports/quality?rule=no-such-rule&${MARCH}`),
      await li.get(`/reports/quality?rule=created&${MARCH}`),
      await sam.get('/reports/quality?rule=created&from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z'),
      await sam.get(`/reports/quality?rule=urgent-share&${MARCH}&groupBy=service`),
      await sam.get(`/reports/quality?rule=created&${MARCH}&timeZone=Mars/Olympus`),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [404, 'QUALITY_RULE_NOT_FOUND'],
      [403, 'FORBIDDEN'],
      [400, 'INPUT_INVALID'],
      [400, 'INPUT_INVALID'],
      [400, 'INPUT_INVALID'],
    ]);
  });
});
