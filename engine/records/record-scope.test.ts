import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { refusal } from '../../test/refusal.js';
import { type RecordFilters, type RecordScope, type RecordStore, type RecordView } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'records', 'fixtures', 'records-bundle');
const ALL: RecordScope = { kind: 'all' };
const ANN = userIdOf(PERSONS.ann);
const BOB = userIdOf(PERSONS.bob);
const SAM = userIdOf(PERSONS.sam);
const ORG_A: RecordScope = { kind: 'some', terms: [{ organizationIds: [ORGS.a] }] };
const ORG_B: RecordScope = { kind: 'some', terms: [{ organizationIds: [ORGS.b] }] };

/** Every scope shape, including the ones that must reach nothing. */
const SCOPES: Record<string, RecordScope> = {
  all: ALL,
  none: { kind: 'none' },
  orgA: ORG_A,
  orgB: ORG_B,
  orgAandB: { kind: 'some', terms: [{ organizationIds: [ORGS.a, ORGS.b] }] },
  ownAnn: { kind: 'some', terms: [{ callerPersonId: PERSONS.ann }, { createdByUserId: ANN }] },
  createdByBob: { kind: 'some', terms: [{ createdByUserId: BOB }] },
  teamDesk: { kind: 'some', terms: [{ teamIds: [TEAMS.desk] }] },
  teamOrOwn: { kind: 'some', terms: [{ teamIds: [TEAMS.bTeam] }, { callerPersonId: PERSONS.ann }] },
  noTerms: { kind: 'some', terms: [] },
  emptyList: { kind: 'some', terms: [{ organizationIds: [] }] },
  emptyTerm: { kind: 'some', terms: [{} as never] },
  unknownKind: { kind: 'everything' } as never,
};

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

async function setUp(t: TestDatabase) {
  const { clock, types, store, attachmentsDir } = await recordsFixture(t, BUNDLE, new Date('2026-03-02T08:00:00.000Z'));
  const ticket = await types.get('ticket');
  const create = async (org: string, caller: string, team: string, actor: string, subject: string, priority: number) => {
    clock.advance(1000);
    const record = await store.create({ type: ticket, organizationId: org, callerId: caller, teamId: team, actor, fields: { subject, category: 'network', priority, description: '共享打印机 shared printer' } });
    await store.update(record.id, { expectedVersion: 1, state: 'in-progress' }, ALL, SAM);
    await store.addComment(record.id, { kind: 'reply', body: `reply on ${subject}` }, ALL, SAM);
    await store.addComment(record.id, { kind: 'work-note', body: `note on ${subject}` }, ALL, SAM);
    const attachment = await store.addAttachment(record.id, { fileName: `${subject}.png`, content: PNG }, ALL, SAM);
    await store.watch(record.id, caller, ALL, SAM);
    return { record: await store.get(record.id, ALL), attachmentId: attachment.id };
  };
  const x = await create(ORGS.a, PERSONS.ann, TEAMS.desk, ANN, 'X in A 网络故障', 3);
  const y = await create(ORGS.b, PERSONS.bob, TEAMS.bTeam, BOB, 'Y in B 机密项目', 1);
  const y2 = await create(ORGS.b, PERSONS.bob, TEAMS.bTeam, BOB, 'Y2 in B 机密项目', 2);
  return { store, ticket, x, y, y2, attachmentsDir, records: [x.record, y.record, y2.record] };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

async function allPages(store: RecordStore, query: Parameters<RecordStore['list']>[0]): Promise<RecordView[]> {
  const items: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...query, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

async function tableCounts(t: TestDatabase): Promise<number[]> {
  const result: number[] = [];
  for (const table of ['records', 'record_history', 'record_comments', 'record_attachments', 'record_watchers', 'audit_log']) {
    const [row] = (await t.db.knex(table).count({ n: '*' })) as Array<{ n: number | string }>;
    result.push(Number(row!.n));
  }
  return result;
}

forEachDatabase('record scope, applied in SQL', (database) => {
  it('hides a record of organization B from a scope of organization A in every read, exactly as if it did not exist', async () => {
    const { store, ticket, x, y } = await setUp(database());
    const hidden = [y.record.id, y.record.number, y.record.number.toLowerCase()];
    const absent = await refusal(store.get('01900000-0000-7000-8000-000000000000', ORG_A));

    for (const key of hidden) {
      await expect(store.get(key, ORG_A)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND', httpStatus: 404 });
      await expect(store.history(key, ORG_A)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.listComments(key, ORG_A, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.listAttachments(key, ORG_A, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.openAttachment(key, y.attachmentId, ORG_A, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.listWatchers(key, ORG_A)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    }
    const hiddenError = await refusal(store.get(y.record.id, ORG_A));
    expect(hiddenError.toJSON()).toEqual(absent.toJSON());
    await expect(store.openAttachment(x.record.id, y.attachmentId, ORG_A, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect((await store.list({ type: ticket, scope: ORG_A })).items.map((r) => r.id)).toEqual([x.record.id]);
    expect((await store.list({ type: ticket, scope: ORG_A, filters: { organizationId: ORGS.b } })).items).toEqual([]);
    expect(await store.count({ type: ticket, scope: ORG_A, filters: { organizationId: ORGS.b } })).toBe(0);
    expect((await store.list({ type: ticket, scope: ORG_A, filters: { callerId: PERSONS.bob } })).items).toEqual([]);
    expect((await store.list({ type: ticket, scope: ORG_A, filters: { fields: { priority: 1 } } })).items).toEqual([]);
    expect(await store.count({ type: ticket, scope: ORG_A, filters: { fields: { priority: { lte: 2 } } } })).toBe(0);
    expect((await store.list({ type: ticket, scope: ORG_A, sort: 'fields.priority' })).items.map((r) => r.id)).toEqual([x.record.id]);
    expect((await store.search({ text: '机密', scope: ORG_A })).items).toEqual([]);
    expect((await store.search({ text: '打印机', scope: ORG_A })).items.map((r) => r.id)).toEqual([x.record.id]);
    expect((await store.search({ text: 'y2', scope: ORG_A, type: ticket })).items).toEqual([]);
  });

  it('shows nothing of B when a cursor made under B (or under everything) is replayed under A', async () => {
    const { store, ticket, x } = await setUp(database());
    for (const sort of ['-updatedAt', 'number', 'fields.priority', '-fields.priority', 'state']) {
      const fromB = await store.list({ type: ticket, scope: ORG_B, sort, limit: 1 });
      const fromAll = await store.list({ type: ticket, scope: ALL, sort, limit: 1 });
      for (const cursor of [fromB.nextCursor!, fromAll.nextCursor!]) {
        const replayed = await store.list({ type: ticket, scope: ORG_A, sort, cursor, limit: 200 });
        expect(replayed.items.every((r) => r.id === x.record.id)).toBe(true);
      }
    }
    const searchFromB = await store.search({ text: '打印机', scope: ORG_B, limit: 1 });
    const replayed = await store.search({ text: '打印机', scope: ORG_A, cursor: searchFromB.nextCursor!, limit: 200 });
    expect(replayed.items.every((r) => r.id === x.record.id)).toBe(true);
  });

  it('refuses every write on a record outside the scope as not found, and writes nothing, not even a file', async () => {
    const t = database();
    const { store, y, attachmentsDir } = await setUp(t);
    const before = await tableCounts(t);
    const files = filesUnder(attachmentsDir);

    await expect(store.update(y.record.id, { expectedVersion: y.record.version, state: 'resolved' }, ORG_A, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(store.update(y.record.number, { expectedVersion: 99, state: 'resolved' }, ORG_A, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(store.addComment(y.record.id, { kind: 'reply', body: 'hello' }, ORG_A, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(store.addAttachment(y.record.id, { fileName: 'a.png', content: Readable.from([PNG]) }, ORG_A, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(store.watch(y.record.id, PERSONS.ann, ORG_A, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(store.unwatch(y.record.id, PERSONS.bob, ORG_A, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });

    expect(await tableCounts(t)).toEqual(before);
    expect(filesUnder(attachmentsDir)).toEqual(files);
    expect(await store.get(y.record.id, ALL)).toEqual(y.record);
  });

  it('counts exactly what the list pages through, under every scope, with and without filters', async () => {
    const { store, ticket, records } = await setUp(database());
    const reach: Record<string, (r: RecordView) => boolean> = {
      all: () => true,
      none: () => false,
      orgA: (r) => r.organizationId === ORGS.a,
      orgB: (r) => r.organizationId === ORGS.b,
      orgAandB: () => true,
      ownAnn: (r) => r.callerId === PERSONS.ann || r.createdBy === ANN,
      createdByBob: (r) => r.createdBy === BOB,
      teamDesk: (r) => r.teamId === TEAMS.desk,
      teamOrOwn: (r) => r.teamId === TEAMS.bTeam || r.callerId === PERSONS.ann,
      noTerms: () => false,
      emptyList: () => false,
      emptyTerm: () => false,
      unknownKind: () => false,
    };

    for (const [name, scope] of Object.entries(SCOPES)) {
      const filterCases: RecordFilters[] = [{}, { fields: { category: 'network' } }, { state: 'in-progress', fields: { priority: { gte: 2 } } }];
      for (const filters of filterCases) {
        const listed = await allPages(store, { type: ticket, scope, filters, limit: 1 });
        const counted = await store.count({ type: ticket, scope, filters });
        const expected = records.filter(reach[name]!).filter((r) => !('state' in filters) || (r.fields['priority'] as number) >= 2);
        expect({ name, filters, listed: listed.map((r) => r.id).sort(), counted }).toEqual({ name, filters, listed: expected.map((r) => r.id).sort(), counted: expected.length });
      }
      const searched = (await store.search({ text: 'shared printer', scope, limit: 200 })).items.map((r) => r.id).sort();
      expect({ name, searched }).toEqual({ name, searched: records.filter(reach[name]!).map((r) => r.id).sort() });
    }
  });

  it('keeps a scope bound to a record type from reaching a record of another type, by id or number, in every read and write', async () => {
    const t = database();
    const { store, x } = await setUp(t);
    const memos: RecordScope = { kind: 'all', recordType: 'memo' };
    const before = await tableCounts(t);

    for (const key of [x.record.id, x.record.number]) {
      await expect(store.get(key, memos)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.history(key, memos)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.listComments(key, memos, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.listAttachments(key, memos, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.openAttachment(key, x.attachmentId, memos, { includeWorkNotes: true })).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.listWatchers(key, memos)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.update(key, { expectedVersion: x.record.version, state: 'resolved' }, memos, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.addComment(key, { kind: 'reply', body: 'hello' }, memos, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
      await expect(store.watch(key, PERSONS.bob, memos, ANN)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    }
    expect((await store.search({ text: '打印机', scope: memos })).items).toEqual([]);
    expect(await tableCounts(t)).toEqual(before);
    expect((await store.get(x.record.number, { ...ORG_A, recordType: 'ticket' })).id).toBe(x.record.id);
  });

  it('lets each kind of term reach its own records for reads and writes alike', async () => {
    const { store, x, y } = await setUp(database());
    const ownBob: RecordScope = { kind: 'some', terms: [{ callerPersonId: PERSONS.bob }] };
    const teamB: RecordScope = { kind: 'some', terms: [{ teamIds: [TEAMS.bTeam] }] };

    expect((await store.get(y.record.number, ownBob)).id).toBe(y.record.id);
    await expect(store.get(x.record.number, ownBob)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    expect((await store.update(y.record.id, { expectedVersion: y.record.version, fields: { priority: 5 } }, teamB, SAM)).version).toBe(y.record.version + 1);
    await expect(store.update(x.record.id, { expectedVersion: x.record.version, fields: { priority: 5 } }, teamB, SAM)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    expect((await store.listComments(y.record.id, teamB, { includeWorkNotes: false })).map((c) => c.kind)).toEqual(['reply']);
    expect((await store.history(y.record.id, SCOPES['createdByBob']!)).map((h) => h.kind)).toEqual(['created', 'state', 'field']);
    expect((await store.listWatchers(x.record.id, SCOPES['ownAnn']!)).map((w) => w.personId)).toEqual([PERSONS.ann]);
  });
});
