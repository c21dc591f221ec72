import { matchText, searchableText } from './pinyin-text.js';

const match = (text: string, term: string) => matchText(searchableText(text, true), term);

describe('a text prepared for catalog search', () => {
  it('matches by substring, case-insensitively and across full-width forms, saying how well', () => {
    expect(match('Reset a password', 'reset a password')).toBe('exact');
    expect(match('Reset a password', 'reset')).toBe('prefix');
    expect(match('Reset a password', 'PASSWORD'.toLowerCase())).toBe('contains');
    expect(match('ＶＰＮ 连接', 'vpn')).toBe('prefix');
    expect(match('重置密码', '密码')).toBe('contains');
    expect(match('重置密码', 'password')).toBeNull();
  });

  it('matches Chinese by pinyin initials, whole syllables and both mixed, without tones', () => {
    expect(match('重置密码', 'mm')).toBe('contains');
    expect(match('重置密码', 'czmm')).toBe('exact');
    expect(match('重置密码', 'chongzhi')).toBe('prefix');
    expect(match('重置密码', 'chongzhimima')).toBe('exact');
    expect(match('重置密码', 'chongzmm')).toBe('exact');
    expect(match('重置密码', "chong'zhi")).toBe('prefix');
    expect(match('打印机故障', 'dyj')).toBe('prefix');
    expect(match('打印机故障', 'dayinji')).toBe('prefix');
  });

  it('takes every reading of a character, since the one in context may be wrong for a short title', () => {
    expect(match('重置密码', 'zhongzhi')).toBe('prefix');
    expect(match('绿色通道', 'lvse')).toBe('prefix');
    expect(match('绿色通道', 'luse')).toBe('prefix');
  });

  it('matches nothing that is not there in order', () => {
    expect(match('重置密码', 'mmm')).toBeNull();
    expect(match('重置密码', 'mc')).toBeNull();
    expect(match('重置密码', 'mz')).toBeNull();
    expect(match('打印机', 'xyz')).toBeNull();
  });

  it('leaves pinyin out of texts prepared without it (long descriptions)', () => {
    expect(matchText(searchableText('忘记密码或密码过期时重新设置。', false), 'mm')).toBeNull();
    expect(matchText(searchableText('忘记密码或密码过期时重新设置。', false), '过期')).toBe('contains');
  });
});
