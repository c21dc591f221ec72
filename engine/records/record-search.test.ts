import { join } from 'node:path';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { type RecordScope } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'records', 'fixtures', 'records-bundle');
const ALL: RecordScope = { kind: 'all' };
const ANN = userIdOf(PERSONS.ann);

/** Subjects and descriptions by a short name; the memo is another record type. */
const TICKETS = {
  zhReset: { subject: 'VPN 无法登录，需要重置密码', description: '出差期间连接公司网络失败' },
  enReset: { subject: 'Password reset for the VPN gateway', description: 'Locked out after three attempts' },
  zhPrinter: { subject: '办公室打印机卡纸', description: '三楼东侧' },
  enPrinter: { subject: 'Printer on 3F prints blank pages', description: 'Toner looks full' },
  operators: { subject: 'Query: "a" NEAR b* AND NOT c OR d -e ^f :g', description: "It's 100% broken; DROP TABLE records; --" },
  fullWidth: { subject: 'ＶＰＮ连接失败', description: '错误代码 ８０９' },
  japanese: { subject: 'パスワードを忘れました', description: 'ログインできません' },
} as const;

async function setUp(t: TestDatabase, maxSearchCandidates: number) {
  const { clock, types, store } = await recordsFixture(t, BUNDLE, new Date('2026-03-02T08:00:00.000Z'), { limits: { maxSearchCandidates } });
  const ticket = await types.get('ticket');
  const byName = new Map<string, string>();
  for (const [name, fields] of Object.entries(TICKETS)) {
    clock.advance(1000);
    byName.set((await store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, fields: { ...fields, category: 'account' } })).id, name);
  }
  const memo = await store.create({ type: await types.get('memo'), organizationId: ORGS.a, actor: ANN, fields: { text: 'Remember the 密码 policy' } });
  byName.set(memo.id, 'memo');
  /** The names of what a search finds, in result order. */
  const found = async (text: string, type?: string) => (await store.search({ text, scope: ALL, ...(type ? { type } : {}), limit: 200 })).items.map((r) => byName.get(r.id));
  return { clock, store, ticket, found };
}

/** Both ways a search runs: few candidates fetched by id from the gram index, or (none allowed) every record walked newest first. */
const WAYS = [
  ['candidates by id', 5000],
  ['records walked', 0],
] as const;

describe.each(WAYS)('record search, %s', (_way, maxSearchCandidates) => {
forEachDatabase('record search', (database) => {
  it('finds Chinese words of two characters and more, inside longer text, in every type or one', async () => {
    const { found } = await setUp(database(), maxSearchCandidates);

    expect(await found('密码')).toEqual(['memo', 'zhReset']);
    expect(await found('密码', 'ticket')).toEqual(['zhReset']);
    expect(await found('重置密码')).toEqual(['zhReset']);
    expect(await found('置密')).toEqual(['zhReset']);
    expect(await found('打印机')).toEqual(['zhPrinter']);
    expect(await found('打印')).toEqual(['zhPrinter']);
    expect(await found('网络')).toEqual(['zhReset']);
    expect(await found('密')).toEqual(['memo', 'zhReset']);
    expect(await found('打印机卡纸了')).toEqual([]);
    expect(await found('パスワ')).toEqual(['japanese']);
  });

  it('finds English words and parts of words regardless of case and width, every term required', async () => {
    const { found } = await setUp(database(), maxSearchCandidates);

    expect(await found('password')).toEqual(['enReset']);
    expect(await found('PASSWORD')).toEqual(['enReset']);
    expect(await found('ssword')).toEqual(['enReset']);
    expect(await found('vpn')).toEqual(['fullWidth', 'enReset', 'zhReset']);
    expect(await found('ＶＰＮ')).toEqual(['fullWidth', 'enReset', 'zhReset']);
    expect(await found('vpn 密码')).toEqual(['zhReset']);
    expect(await found('vpn连接')).toEqual(['fullWidth']);
    expect(await found('809')).toEqual(['fullWidth']);
    expect(await found('printer 3f')).toEqual(['enPrinter']);
    expect(await found('3f')).toEqual(['enPrinter']);
    expect(await found('TCK-000002')).toEqual(['enReset']);
  });

  it('treats FTS operators, LIKE wildcards and SQL in the text as characters to find', async () => {
    const t = database();
    const { found } = await setUp(t, maxSearchCandidates);

    expect(await found('"a" NEAR b*')).toEqual(['operators']);
    expect(await found('NOT c')).toEqual(['operators']);
    expect(await found('*')).toEqual(['operators']);
    expect(await found('-e ^f :g')).toEqual(['operators']);
    expect(await found('%')).toEqual(['operators']);
    expect(await found('100%')).toEqual(['operators']);
    expect(await found('a%b')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found('b_')).toEqual([]);
    expect(await found('!')).toEqual([]);
    expect(await found("' OR '1'='1")).toEqual([]);
    expect(await found('密码 OR 1=1')).toEqual([]);
    expect(await found('DROP TABLE records')).toEqual(['operators']);
    expect(await found("it's")).toEqual(['operators']);
    const [row] = (await t.db.knex('records').count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(row!.n)).toBe(8);
  });

  it('pages through results, most recently updated first', async () => {
    const { store, ticket, clock } = await setUp(database(), maxSearchCandidates);
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 0) clock.advance(1000);
      created.push((await store.create({ type: ticket, organizationId: ORGS.a, actor: ANN, fields: { subject: `磁盘已满 disk ${i}`, category: 'hardware' } })).id);
    }

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.search({ text: '磁盘', scope: ALL, limit: 5, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    const expected = [...created].sort((a, b) => (created.indexOf(a) >> 2 !== created.indexOf(b) >> 2 ? (created.indexOf(b) >> 2) - (created.indexOf(a) >> 2) : a < b ? 1 : -1));
    expect(pages.flat()).toEqual(expected);
  });

  it('refuses empty, overlong and many-term searches', async () => {
    const { store } = await setUp(database(), maxSearchCandidates);
    for (const text of ['', '   ', 'x'.repeat(201), 'a b c d e f g h i']) {
      await expect(store.search({ text, scope: ALL })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    }
    await expect(store.search({ text: 'vpn', scope: ALL, filters: { state: 'new' } })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.search({ text: 'vpn', scope: ALL, type: 'nothing' })).rejects.toMatchObject({ code: 'RECORD_TYPE_NOT_FOUND' });
  });
});
});
