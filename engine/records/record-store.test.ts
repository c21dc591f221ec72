import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, editJson } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { refusal } from '../../test/refusal.js';
import { readAudit } from '../audit/audit-log.js';
import { loadBundleFromPath } from '../bundle/bundle-source.js';
import { type RecordScope } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'records', 'fixtures', 'records-bundle');
const ALL: RecordScope = { kind: 'all' };
const ANN = userIdOf(PERSONS.ann);
const SAM = userIdOf(PERSONS.sam);

async function setUp(t: TestDatabase) {
  const { clock, registry, types, store } = await recordsFixture(t, BUNDLE, new Date('2026-03-02T08:00:00.000Z'));
  const ticket = await types.get('ticket');
  const newTicket = (fields: Record<string, unknown> = {}, more: Record<string, unknown> = {}) =>
    store.create({ type: ticket, organizationId: ORGS.a, callerId: PERSONS.ann, actor: ANN, fields: { subject: 'Printer jams', category: 'hardware', ...fields }, ...more });
  return { clock, registry, types, store, ticket, newTicket };
}

async function rowCount(t: TestDatabase, table: string): Promise<number> {
  const [row] = (await t.db.knex(table).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row!.n);
}

async function counts(t: TestDatabase): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ['records', 'record_values', 'record_search', 'record_search_grams', 'record_history', 'record_comments', 'audit_log']) result[table] = await rowCount(t, table);
  return result;
}

forEachDatabase('record store: create, update, history', (database) => {
  it('creates a record with the next number of its prefix, the first state, a derived title, a history entry and an audit entry', async () => {
    const { store, newTicket } = await setUp(database());

    const record = await newTicket({ priority: 2 }, { teamId: TEAMS.desk });

    expect(record).toMatchObject({ type: 'ticket', number: 'TCK-000001', state: 'new', title: 'Printer jams', version: 1, organizationId: ORGS.a, callerId: PERSONS.ann, teamId: TEAMS.desk, assigneeId: null, createdBy: ANN });
    expect(record.fields).toEqual({ subject: 'Printer jams', category: 'hardware', priority: 2 });
    expect(await store.get(record.id, ALL)).toEqual(record);
    expect(await store.get('tck-000001', ALL)).toEqual(record);
    const history = await store.history(record.number, ALL);
    expect(history).toEqual([expect.objectContaining({ kind: 'created', version: 1, actor: ANN, newValue: expect.objectContaining({ state: 'new', fields: record.fields }) })]);
    const audit = await readAudit(database().db.knex, 'record', record.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'record.create', actor: ANN, details: expect.objectContaining({ number: 'TCK-000001', after: expect.objectContaining({ organizationId: ORGS.a }) }) })]);
  });

  it('tells its observers of every create and update inside the write, and rolls the write back when one fails', async () => {
    const t = database();
    const { store, newTicket, clock } = await setUp(t);
    const seen: Array<{ before: number | null; after: number; changed: readonly string[]; rowsInTransaction: number }> = [];
    const stop = store.observe({
      async recordWritten(trx, write) {
        const [row] = (await trx('records').where({ id: write.after.id }).count({ n: '*' })) as Array<{ n: number | string }>;
        seen.push({ before: write.before?.version ?? null, after: write.after.version, changed: write.changedFields, rowsInTransaction: Number(row!.n) });
      },
    });
    const record = await newTicket();
    clock.advance(1000);
    await store.update(record.id, { expectedVersion: 1, fields: { priority: 3 }, state: 'in-progress' }, ALL, SAM);
    expect(seen).toEqual([
      { before: null, after: 1, changed: ['subject', 'category'], rowsInTransaction: 1 },
      { before: 1, after: 2, changed: ['priority'], rowsInTransaction: 1 },
    ]);

    stop();
    store.observe({ recordWritten: () => Promise.reject(new Error('the SLA could not be written')) });
    const before = await counts(t);
    await expect(newTicket()).rejects.toThrow('the SLA could not be written');
    await expect(store.update(record.id, { expectedVersion: 2, state: 'new' }, ALL, SAM)).rejects.toThrow('the SLA could not be written');
    expect(await counts(t)).toEqual(before);
    expect((await store.get(record.id, ALL)).version).toBe(2);
  });

  it('refuses fields that do not match the type, naming every violation, and writes nothing', async () => {
    const t = database();
    const { store, ticket } = await setUp(t);
    const before = await counts(t);

    const attempt = store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, fields: { category: 'plumbing', priority: 9, colour: 'red', contact: { room: 5 } } });

    await expect(attempt).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    const pointers = (error: { details: unknown[] }) => (error.details as Array<{ pointer: string }>).map((d) => d.pointer).sort();
    expect(pointers(await refusal(attempt))).toEqual(['/fields/colour']);
    const second = await refusal(store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, fields: { category: 'plumbing', priority: 9, contact: { room: 5 } } }));
    expect(pointers(second)).toEqual(['/fields/category', '/fields/contact/room', '/fields/priority', '/fields/subject']);
    await expect(store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, fields: { subject: 'x', category: 'network', ['__proto__' as string]: {} } })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, state: 'closed', fields: { subject: 'x', category: 'network' } })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.create({ type: ticket, organizationId: 'org-nowhere', actor: ANN, fields: { subject: 'x', category: 'network' } })).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
    expect(await counts(t)).toEqual(before);
    expect((await store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, fields: { subject: 'x', category: 'network' } })).number).toBe('TCK-000001');
  });

  it('numbers each prefix on its own, and concurrent creates get distinct consecutive numbers', async () => {
    const { store, types, newTicket } = await setUp(database());
    const memo = await types.get('memo');

    const tickets = await Promise.all(Array.from({ length: 20 }, (_, i) => newTicket({ subject: `Ticket ${i}` })));
    const memos = await Promise.all(Array.from({ length: 3 }, () => store.create({ type: memo, organizationId: ORGS.b, actor: 'system', fields: { text: 'note' } })));

    expect(tickets.map((r) => r.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `TCK-${String(i + 1).padStart(6, '0')}`));
    expect(memos.map((r) => r.number).sort()).toEqual(['MEM-0001', 'MEM-0002', 'MEM-0003']);
  });

  it('creates inside the caller\'s transaction: a rollback takes the record, its rows and its number back', async () => {
    const t = database();
    const { store, ticket, newTicket } = await setUp(t);
    await newTicket();
    const before = await counts(t);

    await expect(
      t.db.knex.transaction(async (trx) => {
        await store.create(trx, { type: ticket, organizationId: ORGS.a, actor: ANN, fields: { subject: 'Rolled back', category: 'network' } });
        throw new Error('the process could not start');
      }),
    ).rejects.toThrow('the process could not start');

    expect(await counts(t)).toEqual(before);
    expect((await newTicket()).number).toBe('TCK-000002');
  });

  it('updates against the version read: stale is a conflict that writes nothing, no version is refused', async () => {
    const t = database();
    const { store, newTicket } = await setUp(t);
    const record = await newTicket();
    const first = await store.update(record.id, { expectedVersion: 1, state: 'in-progress' }, ALL, SAM);
    const before = await counts(t);

    await expect(store.update(record.id, { expectedVersion: 1, fields: { priority: 1 } }, ALL, SAM)).rejects.toMatchObject({ code: 'RECORD_VERSION_CONFLICT', details: [{ currentVersion: 2 }] });
    await expect(store.update(record.id, { fields: { priority: 1 } }, ALL, SAM)).rejects.toMatchObject({ code: 'PRECONDITION_REQUIRED' });
    await expect(store.update(record.id, { expectedVersion: 2, fields: { category: 'plumbing' } }, ALL, SAM)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.update(record.id, { expectedVersion: 2, assigneeId: 'user-nobody' }, ALL, SAM)).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
    await expect(store.update(record.id, { expectedVersion: 2, number: 'TCK-9' } as never, ALL, SAM)).rejects.toMatchObject({ code: 'INPUT_INVALID' });

    expect(first.version).toBe(2);
    expect(await counts(t)).toEqual(before);
    expect(await store.get(record.id, ALL)).toEqual(first);
  });

  it('lets exactly one of several concurrent updates of one version win, while updates of other records all go through', async () => {
    const { store, newTicket } = await setUp(database());
    const contested = await newTicket({ description: '会议室投影仪无信号' });
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => newTicket({ description: `Laptop ${i} 无法开机` })));

    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => store.update(contested.id, { expectedVersion: 1, fields: { description: `第${i}次: 投影仪更换线缆` } }, ALL, SAM)),
      ...others.map((other, i) => store.update(other.id, { expectedVersion: 1, fields: { description: `Laptop ${i} 已修复`, priority: 3 } }, ALL, SAM)),
    ]);

    const contestedResults = results.slice(0, 5);
    expect(contestedResults.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(contestedResults.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(4).fill('RECORD_VERSION_CONFLICT'));
    expect(results.slice(5).every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await store.history(contested.id, ALL)).map((h) => h.version)).toEqual([1, 2]);
    expect((await store.search({ text: '已修复', scope: ALL })).items).toHaveLength(8);
  });

  it('merges field changes (JSON merge patch), re-validates the result, and records one history entry per change', async () => {
    const t = database();
    const { store, clock, newTicket } = await setUp(t);
    const record = await newTicket({ description: 'Jams on page 2', contact: { phone: '123', room: '2F' }, tags: ['printer'] });
    clock.advance(60_000);

    const updated = await store.update(
      record.number,
      { expectedVersion: 1, state: 'in-progress', assigneeId: SAM, fields: { description: null, contact: { room: '3F' }, priority: 2 } },
      ALL,
      SAM,
    );

    expect(updated.fields).toEqual({ subject: 'Printer jams', category: 'hardware', contact: { phone: '123', room: '3F' }, tags: ['printer'], priority: 2 });
    expect(updated).toMatchObject({ version: 2, state: 'in-progress', assigneeId: SAM, updatedAt: '2026-03-02T08:01:00.000Z', createdAt: '2026-03-02T08:00:00.000Z' });
    const history = (await store.history(record.id, ALL)).filter((h) => h.version === 2);
    expect(history.map((h) => [h.kind, h.field, h.oldValue, h.newValue])).toEqual(
      expect.arrayContaining([
        ['state', null, 'new', 'in-progress'],
        ['assignee', null, null, SAM],
        ['field', 'description', 'Jams on page 2', null],
        ['field', 'contact', { phone: '123', room: '2F' }, { phone: '123', room: '3F' }],
        ['field', 'priority', null, 2],
      ]),
    );
    expect(history).toHaveLength(5);
    const [, audit] = await readAudit(t.db.knex, 'record', record.id);
    expect(audit).toMatchObject({
      action: 'record.update',
      details: { version: { from: 1, to: 2 }, before: { state: 'new', assigneeId: null, fields: { description: 'Jams on page 2', priority: null } }, after: { state: 'in-progress', assigneeId: SAM, fields: { description: null, priority: 2 } } },
    });
    const unchanged = await store.update(record.id, { expectedVersion: 2, fields: { priority: 2 }, state: 'in-progress' }, ALL, SAM);
    expect(unchanged.version).toBe(2);
    expect(await rowCount(t, 'record_history')).toBe(6);
  });

  it('keeps indexed values and the search text in step with updates', async () => {
    const { store, ticket, newTicket } = await setUp(database());
    const record = await newTicket({ priority: 4, description: '打印机卡纸' });

    await store.update(record.id, { expectedVersion: 1, fields: { priority: 1, description: '网络中断' } }, ALL, SAM);

    expect(await store.count({ type: ticket, scope: ALL, filters: { fields: { priority: 4 } } })).toBe(0);
    expect(await store.count({ type: ticket, scope: ALL, filters: { fields: { priority: 1 } } })).toBe(1);
    expect((await store.search({ text: '卡纸', scope: ALL })).items).toEqual([]);
    expect((await store.search({ text: '网络', scope: ALL })).items.map((r) => r.id)).toEqual([record.id]);
  });

  it('keeps replies and work notes apart, and audits each comment', async () => {
    const t = database();
    const { store, newTicket } = await setUp(t);
    const record = await newTicket();

    const reply = await store.addComment(record.id, { kind: 'reply', body: '  We are on it.  ' }, ALL, SAM);
    const note = await store.addComment(record.number, { kind: 'work-note', body: 'Toner supplier called' }, ALL, SAM);

    expect(reply).toMatchObject({ kind: 'reply', body: 'We are on it.', authorId: SAM, recordId: record.id });
    expect((await store.listComments(record.id, ALL, { includeWorkNotes: false })).map((c) => c.id)).toEqual([reply.id]);
    expect((await store.listComments(record.id, ALL, { includeWorkNotes: true })).map((c) => c.id)).toEqual([reply.id, note.id]);
    expect(await store.listComments((await newTicket()).id, ALL, { includeWorkNotes: true })).toEqual([]);
    await expect(store.addComment(record.id, { kind: 'reply', body: '   ' }, ALL, SAM)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.addComment(record.id, { kind: 'whisper' as never, body: 'x' }, ALL, SAM)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.addComment(record.id, { kind: 'reply', body: 'x'.repeat(20_001) }, ALL, SAM)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect((await readAudit(t.db.knex, 'record', record.id)).map((a) => a.action)).toEqual(['record.create', 'record.comment', 'record.comment']);
  });

  it('adds and removes watchers once each', async () => {
    const { store, newTicket } = await setUp(database());
    const record = await newTicket();

    expect(await store.watch(record.id, PERSONS.sam, ALL, SAM)).toBe(true);
    expect(await store.watch(record.id, PERSONS.sam, ALL, SAM)).toBe(false);
    expect(await store.watch(record.id, PERSONS.amy, ALL, SAM)).toBe(true);
    expect((await store.listWatchers(record.id, ALL)).map((w) => w.personId).sort()).toEqual([PERSONS.amy, PERSONS.sam]);
    expect(await store.unwatch(record.id, PERSONS.sam, ALL, SAM)).toBe(true);
    expect(await store.unwatch(record.id, PERSONS.sam, ALL, SAM)).toBe(false);
    expect((await store.listWatchers(record.id, ALL)).map((w) => w.personId)).toEqual([PERSONS.amy]);
    await expect(store.watch(record.id, 'person-nobody', ALL, SAM)).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
  });

  it('reads record types from the newest installed bundle version', async () => {
    const { types, registry, store } = await setUp(database());
    await expect(types.get('incident')).rejects.toMatchObject({ code: 'RECORD_TYPE_NOT_FOUND' });
    await expect(store.list({ type: 'incident', scope: ALL })).rejects.toMatchObject({ code: 'RECORD_TYPE_NOT_FOUND' });
    expect((await types.list()).map((t) => t.id).sort()).toEqual(['memo', 'ticket']);
    expect(await types.get('ticket')).toMatchObject({ bundle: 'records-tests', bundleVersion: '1.0.0', initialState: 'new', numbering: { prefix: 'TCK', digits: 6 }, indexed: ['category', 'priority', 'tags', 'vip', 'dueDate'] });

    const copy = join(database().dir, 'records-bundle');
    cpSync(BUNDLE, copy, { recursive: true });
    editJson(copy, 'bundle.json', (manifest) => (manifest['version'] = '1.1.0'));
    editJson(copy, 'records/memo.json', (memo) => (memo['numbering'] = { prefix: 'NOTE', digits: 3 }));
    await registry.importBundles([await loadBundleFromPath(copy)], { actor: 'tester' });

    expect(await types.get('memo')).toMatchObject({ bundleVersion: '1.1.0', numbering: { prefix: 'NOTE', digits: 3 } });
  });
});
