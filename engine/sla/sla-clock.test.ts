import { createBusinessCalendar } from '../time/business-calendar.js';
import { elapsedAt, factsOf, healthOf, instantOf, pauseClock, regoalClock, resumeClock, startClock, stopClock } from './sla-clock.js';

const HOUR = 3_600_000;
const DAY = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '18:00' },
];
/** 8 working hours a day, Monday to Friday, in Shanghai (UTC+8, no clock changes). */
const calendar = createBusinessCalendar({ id: 'office', timeZone: 'Asia/Shanghai', week: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY } });
/** A local Shanghai time on a day of March 2026 (Monday the 2nd … Friday the 6th, Monday the 9th). */
const sh = (day: number, time: string) => new Date(`2026-03-${String(day).padStart(2, '0')}T${time}:00+08:00`);

describe('an SLA clock', () => {
  it('sets its deadline in business time and turns warning at 75 % and breached at 100 %', () => {
    const clock = startClock(calendar, sh(6, '16:00'), 4 * HOUR); // Friday 16:00, 4 working hours
    expect(clock.deadline).toBe(sh(9, '11:00').toISOString()); // 2 h on Friday, 2 h on Monday
    expect(healthOf(calendar, clock, sh(6, '17:00'))).toBe('ok');
    expect(healthOf(calendar, clock, sh(9, '10:00'))).toBe('warning'); // 3 h of 4
    expect(healthOf(calendar, clock, sh(9, '11:00'))).toBe('breached');
    expect(instantOf(calendar, clock, 3 * HOUR)!.toISOString()).toBe(sh(9, '10:00').toISOString());
  });

  it('moves its deadline by the business time it was paused, and reports the pause in wall-clock time', () => {
    let clock = startClock(calendar, sh(2, '09:00'), 8 * HOUR);
    clock = pauseClock(calendar, clock, sh(2, '11:00')); // 2 h counted, waiting for the customer
    expect(clock.deadline).toBeNull();
    expect(healthOf(calendar, clock, sh(4, '09:00'))).toBe('paused');
    expect(elapsedAt(calendar, clock, sh(4, '09:00'))).toBe(2 * HOUR);
    clock = resumeClock(calendar, clock, sh(3, '14:00')); // Tuesday 14:00: 6 h left
    expect(clock.deadline).toBe(sh(4, '11:00').toISOString()); // 14:00–18:00 on Tuesday, 09:00–11:00 on Wednesday
    expect(clock.pausedMs).toBe(27 * HOUR);
  });

  it('keeps counted and paused time when its goal changes, and a passed new goal breaches it', () => {
    let clock = startClock(calendar, sh(2, '09:00'), 16 * HOUR);
    clock = pauseClock(calendar, clock, sh(2, '10:00'));
    clock = resumeClock(calendar, clock, sh(2, '14:00'));
    // Monday 16:00: 1 + 2 = 3 h counted. Priority raised: the goal becomes 4 h.
    const raised = regoalClock(calendar, clock, sh(2, '16:00'), 4 * HOUR);
    expect(raised.elapsedMs).toBe(3 * HOUR);
    expect(raised.pausedMs).toBe(4 * HOUR);
    expect(raised.deadline).toBe(sh(2, '17:00').toISOString());
    // Raised again to 2 h: already passed, breached from now.
    const passed = regoalClock(calendar, raised, sh(2, '16:30'), 2 * HOUR);
    expect(passed.breachedAt).toBe(sh(2, '16:30').toISOString());
    expect(healthOf(calendar, passed, sh(2, '16:30'))).toBe('breached');
  });

  it('keeps its facts when it stops: elapsed business time, breached or not, overrun, first breach', () => {
    let clock = startClock(calendar, sh(2, '09:00'), 2 * HOUR);
    clock = pauseClock(calendar, clock, sh(2, '09:30'));
    clock = resumeClock(calendar, clock, sh(2, '13:00'));
    const stopped = stopClock(calendar, clock, sh(2, '16:00')); // 0.5 + 3 = 3.5 h
    expect(factsOf(stopped)).toEqual({ elapsedMs: 3.5 * HOUR, targetMs: 2 * HOUR, isBreached: true, overrunMs: 1.5 * HOUR, deadline: sh(2, '14:30').toISOString(), breachedAt: sh(2, '14:30').toISOString(), pausedMs: 3.5 * HOUR });
    expect(healthOf(calendar, stopped, sh(9, '09:00'))).toBe('missed');
    // A stopped clock no longer changes.
    expect(resumeClock(calendar, stopped, sh(3, '09:00'))).toBe(stopped);
    expect(regoalClock(calendar, stopped, sh(3, '09:00'), HOUR)).toBe(stopped);

    const met = stopClock(calendar, startClock(calendar, sh(2, '09:00'), 2 * HOUR), sh(2, '10:00'));
    expect(factsOf(met)).toMatchObject({ isBreached: false, overrunMs: 0, breachedAt: null });
    expect(healthOf(calendar, met, sh(9, '09:00'))).toBe('met');
  });
});
