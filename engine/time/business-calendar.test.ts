import fc from 'fast-check';
import { createBusinessCalendar, type CalendarSpec } from './business-calendar.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const OFFICE = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '18:00' },
];

/** Shanghai office hours with the 2026 National Day holiday and its make-up Sundays (调休). */
const SHANGHAI: CalendarSpec = {
  id: 'shanghai-office',
  timeZone: 'Asia/Shanghai',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
  holidays: [{ date: '2026-10-01', to: '2026-10-07' }, { date: '2026-01-01' }],
  workdays: [
    { date: '2026-09-27', like: 'mon' },
    { date: '2026-10-10', like: 'fri' },
  ],
};

/** Berlin, with a day that runs through the night of each clock change, and summer hours from July 2026. */
const BERLIN: CalendarSpec = {
  id: 'berlin-support',
  timeZone: 'Europe/Berlin',
  week: { mon: [{ from: '08:00', to: '17:00' }], tue: [{ from: '08:00', to: '17:00' }], wed: [{ from: '08:00', to: '17:00' }], thu: [{ from: '08:00', to: '17:00' }], fri: [{ from: '08:00', to: '17:00' }], sun: [{ from: '00:00', to: '24:00' }] },
  changes: [{ from: '2026-07-01', week: { mon: [{ from: '07:00', to: '15:00' }], sun: [{ from: '00:00', to: '24:00' }] } }],
};

const at = (iso: string) => new Date(iso);

describe('a business calendar', () => {
  const shanghai = createBusinessCalendar(SHANGHAI);
  const berlin = createBusinessCalendar(BERLIN);

  it('adds working time across the lunch break, the evening and the weekend, in the calendar’s zone', () => {
    // Friday 2026-03-06 11:00 in Shanghai is 03:00Z.
    expect(shanghai.add(at('2026-03-06T03:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-03-06T06:30:00.000Z'); // 14:30
    expect(shanghai.add(at('2026-03-06T03:00:00Z'), 6 * HOUR).toISOString()).toBe('2026-03-09T01:30:00.000Z'); // 1 h + 4.5 h on Friday, Monday 09:30
    expect(shanghai.add(at('2026-03-07T12:00:00Z'), 90 * MINUTE).toISOString()).toBe('2026-03-09T02:30:00.000Z'); // from Saturday: Monday 10:30
    expect(shanghai.add(at('2026-03-06T03:00:00Z'), 0).toISOString()).toBe('2026-03-06T03:00:00.000Z');
  });

  it('skips holidays, works make-up days, and counts time between two instants', () => {
    // Wednesday 2026-09-30 17:00 + 2 h: the holiday week is skipped, Thursday 10-08 is a normal day.
    expect(shanghai.add(at('2026-09-30T09:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-10-08T02:00:00.000Z');
    expect(shanghai.isWorkingTime(at('2026-09-27T02:00:00Z'))).toBe(true); // Sunday, a make-up day
    expect(shanghai.isWorkingTime(at('2026-10-05T02:00:00Z'))).toBe(false); // Monday in the holiday
    expect(shanghai.between(at('2026-09-25T00:00:00Z'), at('2026-10-12T00:00:00Z'))).toBe(8 * 7.5 * HOUR); // 25, 27, 28, 29, 30 Sep; 8, 9, 10 Oct
    expect(shanghai.between(at('2026-03-06T10:00:00Z'), at('2026-03-06T09:00:00Z'))).toBe(0);
    expect(shanghai.nextWorkingTime(at('2026-03-06T04:15:00Z')).toISOString()).toBe('2026-03-06T05:30:00.000Z'); // lunch → 13:30
  });

  it('counts working days at the same point of the working day, then working time', () => {
    // Friday 10:00 + P1D = Monday 10:00; + P2DT4H = Tuesday 15:30 (lunch skipped).
    expect(shanghai.addDuration(at('2026-03-06T02:00:00Z'), 'P1D').toISOString()).toBe('2026-03-09T02:00:00.000Z');
    expect(shanghai.addDuration(at('2026-03-06T02:00:00Z'), 'P2DT4H').toISOString()).toBe('2026-03-10T07:30:00.000Z');
    // From Saturday the clock starts on Monday 09:00.
    expect(shanghai.addDuration(at('2026-03-07T02:00:00Z'), 'PT30M').toISOString()).toBe('2026-03-09T01:30:00.000Z');
    expect(() => shanghai.addDuration(at('2026-03-07T02:00:00Z'), 'P1W')).toThrow(RangeError);
    expect(() => shanghai.addDuration(at('2026-03-07T02:00:00Z'), 'P1M')).toThrow(RangeError);
  });

  it('counts the real length of a day on which the clocks change, and keeps office hours on local time', () => {
    // Sunday 2026-03-29: Berlin springs forward at 02:00, the day has 23 hours; Sunday 2026-10-25 has 25.
    expect(berlin.between(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * HOUR);
    expect(berlin.between(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * HOUR);
    // Office hours stay 08:00 local: 07:00Z before the change, 06:00Z after it.
    expect(berlin.nextWorkingTime(at('2026-03-27T00:00:00Z')).toISOString()).toBe('2026-03-27T07:00:00.000Z');
    expect(berlin.nextWorkingTime(at('2026-03-30T00:00:00Z')).toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('changes its week from an effective date on', () => {
    // From July, Monday is 07:00–15:00 and Tuesday is off.
    expect(berlin.intervalsOn('2026-07-06')).toEqual([{ start: Date.parse('2026-07-06T05:00:00Z'), end: Date.parse('2026-07-06T13:00:00Z') }]);
    expect(berlin.intervalsOn('2026-07-07')).toEqual([]);
    expect(berlin.intervalsOn('2026-06-30')).toEqual([{ start: Date.parse('2026-06-30T06:00:00Z'), end: Date.parse('2026-06-30T15:00:00Z') }]);
  });

  it('refuses a calendar it cannot compute with CALENDAR_INVALID, and one without working time with CALENDAR_NO_WORKING_TIME', () => {
    const refused = (change: Partial<CalendarSpec>) => {
      try {
        createBusinessCalendar({ ...SHANGHAI, ...change });
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'accepted';
    };
    expect(refused({ timeZone: 'Mars/Olympus' })).toBe('CALENDAR_INVALID');
    expect(refused({ week: { mon: [{ from: '18:00', to: '09:00' }] } })).toBe('CALENDAR_INVALID');
    expect(refused({ week: { mon: [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '14:00' }] } })).toBe('CALENDAR_INVALID');
    expect(refused({ week: { mon: [{ from: '9:00', to: '12:00' }] } })).toBe('CALENDAR_INVALID');
    expect(refused({ holidays: [{ date: '2026-02-30' }] })).toBe('CALENDAR_INVALID');
    const never = createBusinessCalendar({ id: 'never', timeZone: 'UTC', week: {} });
    expect(() => never.add(at('2026-03-06T02:00:00Z'), HOUR)).toThrow(expect.objectContaining({ code: 'CALENDAR_NO_WORKING_TIME' }));
    expect(never.between(at('2026-03-06T02:00:00Z'), at('2027-03-06T02:00:00Z'))).toBe(0);
  });
});

describe('business-time arithmetic (properties)', () => {
  // Instants over 2026–2027, across both clock changes of each year in Berlin and New York.
  const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }).map((ms) => new Date(ms));
  const duration = fc.integer({ min: 0, max: 200 * HOUR });
  const calendars = [
    createBusinessCalendar(SHANGHAI),
    createBusinessCalendar(BERLIN),
    createBusinessCalendar({ id: 'new-york', timeZone: 'America/New_York', week: { mon: [{ from: '00:00', to: '03:30' }, { from: '22:00', to: '24:00' }], sat: [{ from: '01:00', to: '04:00' }], sun: [{ from: '01:30', to: '02:30' }] } }),
  ];
  const calendar = fc.constantFrom(...calendars);

  it('between(a, add(a, d)) is d', () => {
    fc.assert(fc.property(calendar, instant, duration, (c, a, d) => c.between(a, c.add(a, d)) === d));
  });

  it('add is monotonic in the duration and never moves backwards', () => {
    fc.assert(fc.property(calendar, instant, duration, duration, (c, a, d1, d2) => c.add(a, Math.min(d1, d2)) <= c.add(a, Math.max(d1, d2)) && c.add(a, d1) >= a));
  });

  it('adding in two steps is adding once', () => {
    fc.assert(fc.property(calendar, instant, duration, duration, (c, a, d1, d2) => c.add(c.add(a, d1), d2).getTime() === c.add(a, d1 + d2).getTime()));
  });

  it('between is additive over adjacent spans and never exceeds the wall-clock span', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, (c, x, y, z) => {
        const [a, b, e] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        return c.between(a, b) + c.between(b, e) === c.between(a, e) && c.between(a, e) <= e.getTime() - a.getTime();
      }),
    );
  });

  it('a positive addition ends in working time (its last millisecond worked)', () => {
    fc.assert(fc.property(calendar, instant, fc.integer({ min: 1, max: 200 * HOUR }), (c, a, d) => c.isWorkingTime(new Date(c.add(a, d).getTime() - 1))));
  });

  it('the next working time is working time, and no working time lies before it', () => {
    fc.assert(
      fc.property(calendar, instant, (c, a) => {
        const next = c.nextWorkingTime(a);
        return c.isWorkingTime(next) && c.between(a, next) === 0;
      }),
    );
  });
});
