import { catalogFixture } from '../test/catalog-fixture.js';
import { forEachDatabase } from '../test/for-each-database.js';
import { ORGS } from '../test/org-fixture.js';
import { refusal } from '../test/refusal.js';
import type { CatalogRequester } from './index.js';

const inA: CatalogRequester = { organizationId: ORGS.a, roles: ['employee'] };

forEachDatabase('catalog search', (database) => {
  const start = async () => {
    const fixture = await catalogFixture(database());
    await fixture.contract(ORGS.a, [{ service: 'accounts' }, { service: 'printing' }, { service: 'rooms' }]);
    const search = async (query: string, requester = inA) => (await fixture.catalog.search(requester, query)).map((e) => e.ref);
    return { ...fixture, search };
  };

  it('finds English words in titles, keywords and service names, exact and prefix title matches first', async () => {
    const { search } = await start();
    expect(await search('printer')).toEqual(['catalog-demo:printer-fault']);
    expect(await search('Paper jam')).toEqual(['catalog-demo:printer-fault']);
    expect((await search('password'))[0]).toBe('catalog-demo:reset-password');
    expect(await search('reset')).toEqual(['catalog-demo:reset-password', 'catalog-extra:reset-password']);
    expect(await search('reset a password')).toEqual(['catalog-demo:reset-password', 'catalog-extra:reset-password']);
    // "Meeting rooms" is the service: every entry of it.
    expect(await search('meeting')).toEqual(['catalog-demo:book-room']);
    // The entry whose own title holds the word leads the entries whose service is named by it.
    expect(await search('account')).toEqual(['catalog-demo:unlock-account', 'catalog-demo:reset-password', 'catalog-extra:mailbox-quota', 'catalog-extra:reset-password']);
  });

  it('finds Chinese by characters, by full pinyin and by pinyin initials', async () => {
    const { search } = await start();
    expect((await search('密码'))[0]).toBe('catalog-demo:reset-password');
    expect((await search('mm'))[0]).toBe('catalog-demo:reset-password');
    expect(await search('czmm')).toEqual(['catalog-demo:reset-password']);
    expect(await search('chongzhi')).toEqual(['catalog-demo:reset-password', 'catalog-extra:reset-password']);
    expect(await search('dyj')).toEqual(['catalog-demo:printer-fault']);
    expect(await search('hys')).toEqual(['catalog-demo:book-room']);
    expect(await search('打印机')).toEqual(['catalog-demo:printer-fault']);
  });

  it('answers in the language asked for, finds nothing for no match, and only what the caller is offered', async () => {
    const { catalog, search } = await start();
    expect(await catalog.search(inA, 'dyj', { lang: 'zh-CN' })).toEqual([expect.objectContaining({ title: '打印机故障', service: { id: 'printing', title: '打印' } })]);
    expect(await search('zzzz')).toEqual([]);
    expect(await search('   ')).toEqual([]);
    expect(await search('czmm', { organizationId: ORGS.b, roles: ['employee'] })).toEqual([]);
    expect(await search('access', inA)).toEqual([]);
    expect(await search('access', { organizationId: ORGS.a, roles: ['manager'] })).toEqual(['catalog-demo:grant-access']);
  });

  it('limits the query length and the number of results', async () => {
    const { catalog } = await start();
    expect((await refusal(catalog.search(inA, 'x'.repeat(101)))).code).toBe('INPUT_INVALID');
    expect(await catalog.search(inA, 'a', { limit: 2 })).toHaveLength(2);
  });
});
