import { containsPattern, gramsOf, normalizeSearchText, planSearch, searchBodyOf } from './search-text.js';

const LIMITS = { maxChars: 200, maxTerms: 8 };

describe('search text', () => {
  it('normalizes width, case, control characters and spacing the same way for text and queries', () => {
    expect(normalizeSearchText('  ＶＰＮ\u0000连接\t失败  ERROR ８０９ ')).toBe('vpn 连接 失败 error 809');
  });

  it('makes bigrams inside CJK runs and trigrams inside other words, never across a run boundary', () => {
    expect([...gramsOf('重置密码')]).toEqual(['重置', '置密', '密码']);
    expect([...gramsOf('reset')]).toEqual(['res', 'ese', 'set']);
    expect([...gramsOf('vpn连接')]).toEqual(['vpn', '连接']);
    expect([...gramsOf('ip 网 a-b')]).toEqual([]);
    expect([...gramsOf('パスワード')]).toEqual(['パス', 'スワ', 'ワー', 'ード']);
    expect([...gramsOf('𠀀𠀁')]).toEqual(['𠀀𠀁']);
    expect([...gramsOf('密码。重置')]).toEqual(['密码', '重置']);
  });

  it('splits a query on whitespace only: operators, quotes and wildcards stay characters of the terms', () => {
    expect(planSearch('"重置" NEAR pass* OR 1=1', LIMITS)).toEqual({ terms: ['"重置"', 'near', 'pass*', 'or', '1=1'], grams: ['重置', 'nea', 'pas', 'ear', 'ass'] });
    expect(planSearch('密 ip', LIMITS)).toEqual({ terms: ['密', 'ip'], grams: [] });
    expect(planSearch('abcdefghijklmnopqrstuvwxyz 一二三四五六七八九十', LIMITS).grams).toHaveLength(12);
  });

  it('escapes LIKE wildcards and the escape character itself', () => {
    expect(containsPattern('100%_!x')).toBe('%100!%!_!!x%');
  });

  it('refuses empty, overlong and many-term queries', () => {
    for (const text of ['', ' \t ', 'x'.repeat(201), 'a b c d e f g h i', 42]) {
      expect(() => planSearch(text, LIMITS)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    }
  });

  it('builds a record\'s text from its number and every string in its fields, capped', () => {
    expect(searchBodyOf({ number: 'TCK-000001', fields: { subject: 'VPN 故障', tags: ['远程', 'Remote'], contact: { room: '3F' }, priority: 2 } }, 100)).toBe('tck-000001 vpn 故障 远程 remote 3f');
    expect(searchBodyOf({ number: 'TCK-000001', fields: { subject: '长'.repeat(50) } }, 20)).toBe(`tck-000001 ${'长'.repeat(9)}`);
  });
});
