import { holidayNameKey, holidaysWithKeys, mergedByDate, parsePastedHolidays, parsePastedWorkdays } from './pasted-dates.js';

describe('holidays and make-up days pasted as a list', () => {
  it('reads dates, ranges and names in both languages, in the ways notices write them', () => {
    const pasted = ['# 2027', '2027-01-01 New year | 元旦', '', '2027/2/6..2027-02-12 Spring festival', '2027年4月5日 清明', '2027-05-01 ~ 2027-05-05', '2027-10-01 - 2027-10-07 National day | 国庆节'].join('\n');
    expect(parsePastedHolidays(pasted)).toEqual({
      items: [
        { date: '2027-01-01', name: { en: 'New year', 'zh-CN': '元旦' } },
        { date: '2027-02-06', to: '2027-02-12', name: { en: 'Spring festival', 'zh-CN': 'Spring festival' } },
        { date: '2027-04-05', name: { en: '清明', 'zh-CN': '清明' } },
        { date: '2027-05-01', to: '2027-05-05' },
        { date: '2027-10-01', to: '2027-10-07', name: { en: 'National day', 'zh-CN': '国庆节' } },
      ],
      errors: [],
    });
  });

  it('says, line by line, what it cannot take', () => {
    const pasted = ['2027-02-30 Not a day', 'New year 2027-01-01', '2027-03-10..2027-03-01', '2027-01-01', '2027-01-01 again'].join('\r\n');
    const { items, errors } = parsePastedHolidays(pasted);
    expect(items).toEqual([{ date: '2027-01-01' }]);
    expect(errors).toEqual([
      { line: 1, text: '2027-02-30 Not a day', reason: 'not-a-date' },
      { line: 2, text: 'New year 2027-01-01', reason: 'not-a-date' },
      { line: 3, text: '2027-03-10..2027-03-01', reason: 'range-backwards' },
      { line: 5, text: '2027-01-01 again', reason: 'repeated' },
    ]);
  });

  it('reads make-up days with the weekday they work like, Monday when not said', () => {
    const { items, errors } = parsePastedWorkdays(['2027-02-14 fri', '2027-02-20 星期六', '2027-09-26 Sunday', '2027-10-09', '2027-10-10 holiday', '2027-10-11..2027-10-12', '2027-10-13 constructor'].join('\n'));
    expect(items).toEqual([
      { date: '2027-02-14', like: 'fri' },
      { date: '2027-02-20', like: 'sat' },
      { date: '2027-09-26', like: 'sun' },
      { date: '2027-10-09', like: 'mon' },
    ]);
    expect(errors).toEqual([
      { line: 5, text: '2027-10-10 holiday', reason: 'not-a-weekday', word: 'holiday' },
      { line: 6, text: '2027-10-11..2027-10-12', reason: 'no-range-here' },
      { line: 7, text: '2027-10-13 constructor', reason: 'not-a-weekday', word: 'constructor' },
    ]);
  });

  it('merges pasted days into the list by date, a pasted day replacing the one it repeats', () => {
    const list = [{ date: '2027-05-01', like: 'mon' as const }, { date: '2027-01-02', like: 'fri' as const }];
    expect(mergedByDate(list, [{ date: '2027-05-01', like: 'sat' }, { date: '2027-03-01', like: 'mon' }])).toEqual([
      { date: '2027-01-02', like: 'fri' },
      { date: '2027-03-01', like: 'mon' },
      { date: '2027-05-01', like: 'sat' },
    ]);
  });

  it('gives a pasted name the key that already has its texts, or a new key with texts to set', () => {
    const { holidays, texts } = holidaysWithKeys(
      [
        { date: '2027-01-01', name: { en: 'New year', 'zh-CN': '元旦' } },
        { date: '2027-02-06', to: '2027-02-12', name: { en: 'Spring festival', 'zh-CN': '春节' } },
        { date: '2027-06-01' },
      ],
      [{ key: 'holiday.new-year', en: 'New year', 'zh-CN': '元旦' }],
      (date) => `calendar.office.holiday.${date}`,
    );
    expect(holidays).toEqual([
      { date: '2027-01-01', nameKey: 'holiday.new-year' },
      { date: '2027-02-06', to: '2027-02-12', nameKey: 'calendar.office.holiday.2027-02-06' },
      { date: '2027-06-01' },
    ]);
    expect(texts).toEqual([{ key: 'calendar.office.holiday.2027-02-06', en: 'Spring festival', 'zh-CN': '春节' }]);
  });

  it("names a new holiday's key after its calendar and day, a calendar id not yet valid left out", () => {
    expect(holidayNameKey('office-hours', '2027-01-01')).toBe('calendar.office-hours.holiday.2027-01-01');
    expect(holidayNameKey('Office Hours', '2027-01-01')).toBe('calendar.holiday.2027-01-01');
  });
});
