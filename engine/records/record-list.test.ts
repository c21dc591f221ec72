import { join } from 'node:path';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { type RecordFilters, type RecordScope, type RecordStore, type RecordView } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'records', 'fixtures', 'records-bundle');
const ALL: RecordScope = { kind: 'all' };
const CATEGORIES = ['network', 'hardware', 'software', 'account'];

async function setUp(t: TestDatabase) {
  const { clock, types, store } = await recordsFixture(t, BUNDLE, new Date('2026-03-02T08:00:00.000Z'));
  const ticket = await types.get('ticket');
  // 30 tickets in A and B; groups of ten share one updated_at, so sorts must break ties by id.
  const records: RecordView[] = [];
  for (let i = 0; i < 30; i++) {
    if (i % 10 === 0) clock.advance(60_000);
    const fields: Record<string, unknown> = { subject: `Ticket ${i}`, category: CATEGORIES[i % 4], tags: i % 3 === 0 ? ['vpn', 'remote'] : ['printer'], vip: i % 2 === 0 };
    if (i % 5 !== 0) fields['priority'] = i % 5;
    if (i % 7 === 0) fields['dueDate'] = `2026-04-${String(10 + (i % 9)).padStart(2, '0')}`;
    const isB = i % 3 === 2;
    records.push(
      await store.create({ type: ticket, organizationId: isB ? ORGS.b : ORGS.a, callerId: isB ? PERSONS.bob : PERSONS.ann, teamId: i % 4 === 0 ? null : isB ? TEAMS.bTeam : TEAMS.desk, assigneeId: i % 6 === 1 ? userIdOf(PERSONS.sam) : null, actor: userIdOf(isB ? PERSONS.bob : PERSONS.ann), fields }),
    );
  }
  return { store, ticket, records };
}

/** Every page of a list, following the cursors. */
async function allPages(store: RecordStore, query: Parameters<RecordStore['list']>[0]): Promise<RecordView[]> {
  const items: RecordView[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.list({ ...query, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

const ids = (records: RecordView[]) => records.map((r) => r.id);

/** The order a sort should give, computed here from the records themselves. */
function sorted(records: RecordView[], value: (r: RecordView) => string | number | null, direction: 'asc' | 'desc'): RecordView[] {
  const compare = (a: RecordView, b: RecordView) => {
    const [x, y] = [value(a), value(b)];
    if (x !== y) {
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return a.id < b.id ? -1 : 1;
  };
  const result = [...records].sort(compare);
  return direction === 'asc' ? result : result.reverse();
}

forEachDatabase('record lists: filters, sorting, cursor paging, counts', (database) => {
  it('pages through every sort key in both directions, ties broken by id, each record exactly once', async () => {
    const { store, ticket, records } = await setUp(database());
    const cases: Array<[string, (r: RecordView) => string | number | null]> = [
      ['updatedAt', (r) => r.updatedAt],
      ['createdAt', (r) => r.createdAt],
      ['number', (r) => r.number],
      ['state', (r) => r.state],
      ['fields.priority', (r) => (r.fields['priority'] as number | undefined) ?? null],
      ['fields.category', (r) => r.fields['category'] as string],
      ['fields.dueDate', (r) => (r.fields['dueDate'] as string | undefined) ?? null],
      ['fields.vip', (r) => String(r.fields['vip'])],
    ];

    for (const [key, value] of cases) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = direction === 'asc' ? key : `-${key}`;
        const listed = await allPages(store, { type: ticket, scope: ALL, sort, limit: 7 });
        expect({ sort, ids: ids(listed) }).toEqual({ sort, ids: ids(sorted(records, value, direction)) });
      }
    }
    expect(ids((await store.list({ type: 'ticket', scope: ALL, limit: 200 })).items)).toEqual(ids(sorted(records, (r) => r.updatedAt, 'desc')));
  });

  it('filters on indexed fields and record columns, and counts exactly what the list pages through', async () => {
    const { store, ticket, records } = await setUp(database());
    const cases: Array<[RecordFilters, (r: RecordView) => boolean]> = [
      [{}, () => true],
      [{ fields: { category: 'network' } }, (r) => r.fields['category'] === 'network'],
      [{ fields: { category: ['network', 'account'] } }, (r) => ['network', 'account'].includes(r.fields['category'] as string)],
      [{ fields: { priority: { gte: 2, lt: 4 } } }, (r) => typeof r.fields['priority'] === 'number' && (r.fields['priority'] as number) >= 2 && (r.fields['priority'] as number) < 4],
      [{ fields: { priority: '3' } }, (r) => r.fields['priority'] === 3],
      [{ fields: { tags: 'vpn' } }, (r) => (r.fields['tags'] as string[]).includes('vpn')],
      [{ fields: { vip: true, category: 'hardware' } }, (r) => r.fields['vip'] === true && r.fields['category'] === 'hardware'],
      [{ fields: { vip: 'false' } }, (r) => r.fields['vip'] === false],
      [{ fields: { dueDate: { gt: '2026-04-12' } } }, (r) => typeof r.fields['dueDate'] === 'string' && (r.fields['dueDate'] as string) > '2026-04-12'],
      [{ organizationId: ORGS.b }, (r) => r.organizationId === ORGS.b],
      [{ teamId: null }, (r) => r.teamId === null],
      [{ teamId: [TEAMS.desk, TEAMS.bTeam], state: 'new' }, (r) => r.teamId !== null],
      [{ assigneeId: userIdOf(PERSONS.sam) }, (r) => r.assigneeId === userIdOf(PERSONS.sam)],
      [{ callerId: PERSONS.bob, fields: { category: 'software' } }, (r) => r.callerId === PERSONS.bob && r.fields['category'] === 'software'],
      [{ createdBy: userIdOf(PERSONS.ann) }, (r) => r.createdBy === userIdOf(PERSONS.ann)],
      [{ state: ['in-progress'] }, () => false],
      [{ fields: { category: [] } }, () => false],
    ];

    for (const [filters, predicate] of cases) {
      const expected = records.filter(predicate);
      const listed = await allPages(store, { type: ticket, scope: ALL, filters, limit: 4, sort: 'number' });
      expect({ filters, ids: ids(listed) }).toEqual({ filters, ids: ids(sorted(expected, (r) => r.number, 'asc')) });
      expect({ filters, count: await store.count({ type: ticket, scope: ALL, filters }) }).toEqual({ filters, count: expected.length });
    }
  });

  it('refuses sort keys, filters, cursors and limits it does not know, as input errors', async () => {
    const { store, ticket } = await setUp(database());
    const page = await store.list({ type: ticket, scope: ALL, sort: 'fields.priority', limit: 5 });
    const cursor = page.nextCursor!;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = (value: Record<string, unknown>) => Buffer.from(JSON.stringify(value)).toString('base64url');

    const refused: Array<Parameters<RecordStore['list']>[0]> = [
      { type: ticket, scope: ALL, sort: 'title' },
      { type: ticket, scope: ALL, sort: 'fields.subject' },
      { type: ticket, scope: ALL, sort: 'fields.tags' },
      { type: ticket, scope: ALL, sort: 'updated_at; DROP TABLE records' },
      { type: ticket, scope: ALL, filters: { fields: { subject: 'Ticket 1' } } },
      { type: ticket, scope: ALL, filters: { fields: { priority: 'high' } } },
      { type: ticket, scope: ALL, filters: { fields: { priority: { like: 3 } } } as never },
      { type: ticket, scope: ALL, filters: { title: 'x' } as never },
      { type: ticket, scope: ALL, filters: { organizationId: null } as never },
      { type: ticket, scope: ALL, limit: 201 },
      { type: ticket, scope: ALL, limit: 0 },
      { type: ticket, scope: ALL, sort: 'fields.priority', cursor: `${cursor}x` },
      { type: ticket, scope: ALL, sort: 'fields.priority', cursor: cursor.slice(0, -2) },
      { type: ticket, scope: ALL, sort: '-fields.priority', cursor },
      { type: ticket, scope: ALL, sort: 'fields.priority', cursor: forged({ ...decoded, v: 'high' }) },
      { type: ticket, scope: ALL, sort: 'fields.priority', cursor: forged({ ...decoded, i: "x' OR 1=1 --" }) },
      { type: ticket, scope: ALL, sort: 'fields.priority', cursor: forged({ ...decoded, scope: 'all' }) },
      { type: ticket, scope: ALL, sort: 'number', cursor: forged({ k: 'number', v: null, i: decoded['i'] }) },
      { type: ticket, scope: ALL, sort: 'fields.priority', cursor: 'not a cursor!' },
    ];
    for (const query of refused) {
      await expect(store.list(query)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    }
    await expect(store.count({ type: ticket, scope: ALL, filters: { fields: { nope: 1 } } })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('rebuilds indexed values for records written before a field was indexed', async () => {
    const t = database();
    const { store, ticket, records } = await setUp(t);
    await t.db.knex('record_values').where({ field: 'category' }).delete();
    expect(await store.count({ type: ticket, scope: ALL, filters: { fields: { category: 'network' } } })).toBe(0);

    expect(await store.reindex('ticket')).toBe(30);

    expect(await store.count({ type: ticket, scope: ALL, filters: { fields: { category: 'network' } } })).toBe(records.filter((r) => r.fields['category'] === 'network').length);
    const text = (r: RecordView) => [r.number, ...Object.values(r.fields).flat().filter((v) => typeof v === 'string')].join(' ').toLowerCase();
    const found = await store.search({ text: 'Ticket 2', scope: ALL, type: ticket, limit: 50 });
    expect(ids(found.items).sort()).toEqual(ids(records.filter((r) => text(r).includes('ticket') && text(r).includes('2'))).sort());
  });
});

