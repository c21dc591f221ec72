import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, TEAMS, userIdOf, PERSONS } from '../../test/org-fixture.js';
import { L2, LI, qualityFixture } from '../../test/quality-fixture.js';
import type { QualityRuleDefinition } from '../bundle/schemas/index.js';
import type { RecordScope } from '../records/record-scope.js';
import { createQualityDefinitionSource } from './quality-definitions.js';
import { evaluateQuality, type QualityQuery } from './quality-evaluation.js';

/** The data set and what each number below is made of: test/quality-fixture.ts. */
const ALL: RecordScope = { kind: 'all' };
const ORG_A: RecordScope = { kind: 'some', terms: [{ organizationIds: [ORGS.a, ORGS.aEast] }] };
const MARCH = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
/** March as Shanghai (UTC+8) has it. */
const MARCH_SH = { from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' };
const SAM = userIdOf(PERSONS.sam);

async function setUp(t: TestDatabase) {
  const { db, registry, type } = await qualityFixture(t);
  const rules = await createQualityDefinitionSource(registry, { maxAgeMs: 0 }).get();
  const rule = (id: string, change: Partial<QualityRuleDefinition> = {}) => ({ ...rules.rule(id)!, ...change });
  const report = (ruleOrId: string | QualityRuleDefinition, query: Partial<Omit<QualityQuery, 'rule' | 'type'>> = {}) =>
    evaluateQuality(db.knex, { rule: typeof ruleOrId === 'string' ? rule(ruleOrId) : ruleOrId, type, scope: ALL, ...MARCH, ...query });
  /** group → [value, numerator, denominator, target met] of a report's rows. */
  const byGroup = async (...args: Parameters<typeof report>) => Object.fromEntries((await report(...args)).rows.map((r) => [r.group, [r.value, r.numerator, r.denominator, r.isTargetMet]]));
  /** The one row of a one-period, ungrouped report. */
  const single = async (...args: Parameters<typeof report>) => {
    const { rows } = await report(...args);
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  return { rule, report, byGroup, single };
}

const nonZeroDays = (rows: Array<{ periodStart: string; value: number | null }>) => Object.fromEntries(rows.filter((r) => r.value).map((r) => [r.periodStart, r.value]));

forEachDatabase('quality rules', (database) => {
  it('counts the records opened each day, in the time zone asked for, and the share an indexed field picks out', async () => {
    const { report, single, rule } = await setUp(database());
    const daily = await report('created');
    expect(daily.periods).toHaveLength(31);
    expect(daily.rows[0]).toEqual({ periodStart: MARCH.from, periodEnd: '2026-03-02T00:00:00.000Z', group: null, value: 0, numerator: 0, denominator: null, isTargetMet: true });
    expect(nonZeroDays(daily.rows)).toEqual({ '2026-03-02T00:00:00.000Z': 3, '2026-03-03T00:00:00.000Z': 1, '2026-03-10T00:00:00.000Z': 2 });
    // c7, opened at 20:00 UTC on the 2nd, was opened on the 3rd in Shanghai.
    const shanghai = await report('created', { ...MARCH_SH, timeZone: 'Asia/Shanghai' });
    expect(nonZeroDays(shanghai.rows)).toEqual({ '2026-03-01T16:00:00.000Z': 2, '2026-03-02T16:00:00.000Z': 2, '2026-03-09T16:00:00.000Z': 2 });

    expect(await single('urgent-share')).toMatchObject({ value: 0.3333, numerator: 2, denominator: 6, isTargetMet: false });
    const twoMonths = await report('urgent-share', { to: '2026-04-02T00:00:00.000Z' });
    expect(twoMonths.rows.map((r) => [r.periodStart, r.value, r.denominator])).toEqual([
      [MARCH.from, 0.3333, 6],
      [MARCH.to, 0, 1],
    ]);
    await expect(report(rule('urgent-share', { groupBy: 'service' }))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('measures SLA cycles met and their business time from the facts stored when each clock stopped, per team', async () => {
    const { single, byGroup, rule } = await setUp(database());
    expect(await single('responded-in-time')).toMatchObject({ value: 0.8, numerator: 4, denominator: 5, isTargetMet: false });
    expect(await byGroup('resolved-in-time')).toEqual({ [TEAMS.desk]: [1, 3, 3, true], [L2]: [0.5, 1, 2, false] });
    expect(await single('sla-met')).toMatchObject({ value: 0.8, numerator: 8, denominator: 10 });
    // 2 + 6 + 1 + 3 + 0.5 hours over five resolutions.
    expect(await single('time-to-resolve')).toMatchObject({ value: 9_000_000, numerator: 45_000_000, denominator: 5, isTargetMet: true });
    expect(await single(rule('responded-in-time', { where: { priority: 'p1' } }))).toMatchObject({ value: 1, numerator: 2, denominator: 2, isTargetMet: true });
  });

  it('follows records first resolved in the period: the share reopened, per week, and the share never reassigned, per agent', async () => {
    const { report, byGroup } = await setUp(database());
    const weekly = await report('reopened');
    expect(weekly.rows.map((r) => [r.periodStart, r.value, r.numerator, r.denominator, r.isTargetMet])).toEqual([
      ['2026-03-01T00:00:00.000Z', null, 0, 0, null],
      ['2026-03-02T00:00:00.000Z', 0.3333, 1, 3, false],
      ['2026-03-09T00:00:00.000Z', 0, 0, 2, true],
      ['2026-03-16T00:00:00.000Z', null, 0, 0, null],
      ['2026-03-23T00:00:00.000Z', null, 0, 0, null],
      ['2026-03-30T00:00:00.000Z', null, 0, 0, null],
    ]);
    expect(await byGroup('first-contact')).toEqual({ [LI]: [0.5, 1, 2, false], [SAM]: [1, 3, 3, true] });
    expect(await byGroup('first-contact', { groupBy: 'organization' })).toEqual({ [ORGS.a]: [0.75, 3, 4, true], [ORGS.b]: [1, 1, 1, true] });
  });

  it("averages the surveys' stars per service in the rule's time zone, automatic ratings included, and per team that did the work", async () => {
    const { report, byGroup } = await setUp(database());
    const perService = await report('satisfaction', MARCH_SH);
    expect(perService.timeZone).toBe('Asia/Shanghai');
    expect(perService.periods).toEqual([{ start: MARCH_SH.from, end: MARCH_SH.to }]);
    expect(await byGroup('satisfaction', MARCH_SH)).toEqual({ email: [3, 9, 3, false], network: [4.5, 9, 2, true] });
    expect(await byGroup('satisfaction', { ...MARCH_SH, groupBy: 'team' })).toEqual({ [TEAMS.desk]: [3.6667, 11, 3, false], [L2]: [3.5, 7, 2, false] });
  });

  it("counts only the records the caller's scope reaches", async () => {
    const { report, single, byGroup } = await setUp(database());
    expect(nonZeroDays((await report('created', { scope: ORG_A })).rows)).toEqual({ '2026-03-02T00:00:00.000Z': 3, '2026-03-03T00:00:00.000Z': 1, '2026-03-10T00:00:00.000Z': 1 });
    expect(await single('responded-in-time', { scope: ORG_A })).toMatchObject({ numerator: 3, denominator: 4 });
    expect(await byGroup('satisfaction', { ...MARCH_SH, scope: ORG_A })).toEqual({ email: [4, 8, 2, true], network: [4.5, 9, 2, true] });
    expect(await byGroup('first-contact', { scope: ORG_A })).toEqual({ [LI]: [0.5, 1, 2, false], [SAM]: [1, 2, 2, true] });
    expect((await report('satisfaction', { scope: { kind: 'none' } })).rows).toEqual([]);
    expect(nonZeroDays((await report('created', { scope: { kind: 'some', terms: [{ organizationIds: [] }] } })).rows)).toEqual({});
  });

  it('refuses a range that ends before it starts, an unknown time zone and too many periods', async () => {
    const { report } = await setUp(database());
    await expect(report('created', { from: MARCH.to, to: MARCH.from })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(report('created', { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(report('created', { from: '2025-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
