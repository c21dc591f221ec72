/**
 * Business time: when a calendar's people work, and arithmetic in that time. A calendar has
 * working intervals per weekday in its IANA time zone (several a day, for a lunch break), weekly
 * patterns that change from a date on, public holidays (single days or ranges) and make-up working
 * days (调休: a Saturday that works like a Monday). For any local date the day's pattern is, in
 * order: a make-up day's weekday, nothing on a holiday, else the weekday of the pattern in effect.
 *
 * Working intervals are wall-clock times turned into instants by the zone's rules of that date,
 * so a day on which clocks change counts the real time between its bounds (a 00:00–24:00 day is
 * 23 or 25 hours long). A wall time that does not exist (in the spring gap) moves forward by the
 * gap; one that exists twice (in the autumn overlap) is its first occurrence.
 *
 * Business time is counted in milliseconds of working time. ISO durations given to
 * `addDuration` count their days as working days (P2D: the same point of the working day, two
 * working days later) and their hours, minutes and seconds as working time.
 */
import { DateTime } from 'luxon';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` wall-clock bounds; `to` may be `24:00`. */
export interface WorkingHours {
  from: string;
  to: string;
}

export type WeekPattern = Partial<Record<Weekday, readonly WorkingHours[]>>;

export interface CalendarSpec {
  id: string;
  timeZone: string;
  week: WeekPattern;
  /** Weekly patterns in effect from a local date on (`YYYY-MM-DD`), replacing `week` and earlier changes. */
  changes?: ReadonlyArray<{ from: string; week: WeekPattern }>;
  /** Non-working days: one date, or `date` to `to` inclusive. */
  holidays?: ReadonlyArray<{ date: string; to?: string }>;
  /** Make-up working days: the date works like the given weekday (of the pattern in effect). */
  workdays?: ReadonlyArray<{ date: string; like: Weekday }>;
}

/** One working interval, [start, end) in epoch milliseconds. */
export interface WorkingInterval {
  start: number;
  end: number;
}

export interface BusinessCalendar {
  readonly id: string;
  readonly timeZone: string;
  /** The working intervals of a local date, in order. */
  intervalsOn(date: string): readonly WorkingInterval[];
  isWorkingTime(at: Date): boolean;
  /** `at` when it is working time, else the start of the next working interval. */
  nextWorkingTime(at: Date): Date;
  /** The instant `businessMs` of working time after `start` (`start` itself for 0). */
  add(start: Date, businessMs: number): Date;
  /** Working time in [from, to), in milliseconds; 0 when `to` is not after `from`. */
  between(from: Date, to: Date): number;
  /** `start` plus an ISO duration of working days and working time (`P2DT4H`); years, months and weeks are refused. */
  addDuration(start: Date, duration: string): Date;
}

/** How far ahead a calendar is searched for working time before it is declared to have none. */
const HORIZON_DAYS = 3 * 366;
const CACHED_DAYS = 4096;
const DAY_MS = 86_400_000;
const BUSINESS_DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Checks a calendar and prepares it for arithmetic.
 * @throws FlowdeskError CALENDAR_INVALID for an unknown zone, a malformed time or date, or a day whose intervals are out of order or overlap.
 */
export function createBusinessCalendar(spec: CalendarSpec): BusinessCalendar {
  const zone = spec.timeZone;
  if (!DateTime.now().setZone(zone).isValid) throw invalid(spec, `"${zone}" is not an IANA time zone`);
  const patterns = [{ from: '0000-01-01', week: spec.week }, ...[...(spec.changes ?? [])].sort((a, b) => a.from.localeCompare(b.from))];
  for (const { from, week } of patterns) {
    checkDate(spec, from);
    checkWeek(spec, week);
  }
  const holidays = new Set<string>();
  for (const { date, to } of spec.holidays ?? []) {
    checkDate(spec, date);
    if (to !== undefined) checkDate(spec, to);
    for (let day = date, n = 0; day <= (to ?? date) && n <= HORIZON_DAYS; day = nextDate(day), n++) holidays.add(day);
  }
  const workdays = new Map<string, Weekday>();
  for (const { date, like } of spec.workdays ?? []) {
    checkDate(spec, date);
    workdays.set(date, like);
  }

  const cache = new Map<string, WorkingInterval[]>();
  function intervalsOn(date: string): WorkingInterval[] {
    let intervals = cache.get(date);
    if (intervals) return intervals;
    const weekday = workdays.get(date) ?? (holidays.has(date) ? null : weekdayOf(date));
    const week = patterns.findLast((pattern) => pattern.from <= date)!.week;
    const hours = weekday === null ? [] : (week[weekday] ?? []);
    const midnight = DateTime.fromISO(date, { zone });
    intervals = hours.map(({ from, to }) => ({ start: wallClock(midnight, from), end: wallClock(midnight, to) })).filter((i) => i.end > i.start);
    if (cache.size >= CACHED_DAYS) cache.clear();
    cache.set(date, intervals);
    return intervals;
  }

  const localDate = (at: number) => DateTime.fromMillis(at, { zone }).toISODate()!;

  /** The first working interval that ends after `at` (with the date it belongs to). */
  function intervalAfter(at: number): WorkingInterval {
    let date = localDate(at);
    for (let n = 0; n <= HORIZON_DAYS; n++, date = nextDate(date)) {
      for (const interval of intervalsOn(date)) if (interval.end > at) return interval;
    }
    throw new FlowdeskError('CALENDAR_NO_WORKING_TIME', `calendar "${spec.id}" has no working time within ${HORIZON_DAYS} days after ${new Date(at).toISOString()}`);
  }

  function add(start: Date, businessMs: number): Date {
    if (!(businessMs >= 0) || !Number.isFinite(businessMs)) throw new RangeError(`business time to add must be a finite number of milliseconds ≥ 0, not ${businessMs}`);
    let at = start.getTime();
    let left = businessMs;
    while (left > 0) {
      const interval = intervalAfter(at);
      const from = Math.max(at, interval.start);
      if (left <= interval.end - from) return new Date(from + left);
      left -= interval.end - from;
      at = interval.end;
    }
    return new Date(at);
  }

  function between(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b <= a) return 0;
    let total = 0;
    const last = localDate(b);
    for (let date = localDate(a); date <= last; date = nextDate(date)) {
      for (const { start, end } of intervalsOn(date)) total += Math.max(0, Math.min(end, b) - Math.max(start, a));
    }
    return total;
  }

  /** `n` working days after `start`, at the same amount of working time into the day. */
  function addWorkingDays(start: Date, n: number): Date {
    if (n === 0) return start;
    const begin = nextWorkingTime(start).getTime();
    let date = localDate(begin);
    const dayStart = intervalsOn(date)[0]!.start;
    const into = between(new Date(dayStart), new Date(begin));
    for (let counted = 0, scanned = 0; counted < n; ) {
      date = nextDate(date);
      if (++scanned > HORIZON_DAYS * Math.max(1, n)) throw new FlowdeskError('CALENDAR_NO_WORKING_TIME', `calendar "${spec.id}" has too few working days after ${start.toISOString()}`);
      if (intervalsOn(date).length > 0) counted++;
    }
    return add(new Date(intervalsOn(date)[0]!.start), into);
  }

  function nextWorkingTime(at: Date): Date {
    const interval = intervalAfter(at.getTime());
    return new Date(Math.max(at.getTime(), interval.start));
  }

  return {
    id: spec.id,
    timeZone: zone,
    intervalsOn,
    isWorkingTime: (at) => intervalsOn(localDate(at.getTime())).some(({ start, end }) => start <= at.getTime() && at.getTime() < end),
    nextWorkingTime,
    add,
    between,
    addDuration(start, duration) {
      const parts = BUSINESS_DURATION.exec(duration);
      if (!parts) throw new RangeError(`"${duration}" is not a business duration (working days and time, e.g. P2DT4H; no years, months or weeks)`);
      const [days, hours, minutes, seconds] = parts.slice(1, 5).map((part) => Number(part ?? 0)) as [number, number, number, number];
      return add(addWorkingDays(start, days), Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000));
    },
  };
}

/** Whether an ISO duration is one `addDuration` takes. */
export function isBusinessDuration(text: string): boolean {
  return BUSINESS_DURATION.test(text);
}

/** The instant of a wall-clock time on the day that starts at `midnight` (24:00 is the next midnight). */
function wallClock(midnight: DateTime, time: string): number {
  if (time === '24:00') return midnight.plus({ days: 1 }).startOf('day').toMillis();
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ year: midnight.year, month: midnight.month, day: midnight.day, hour, minute }, { zone: midnight.zone }).toMillis();
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

function invalid(spec: CalendarSpec, message: string): FlowdeskError {
  return new FlowdeskError('CALENDAR_INVALID', `calendar "${spec.id}": ${message}`);
}

function checkDate(spec: CalendarSpec, date: string): void {
  if (!DATE.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw invalid(spec, `"${date}" is not a date (YYYY-MM-DD)`);
}

function checkWeek(spec: CalendarSpec, week: WeekPattern): void {
  for (const [weekday, hours] of Object.entries(week)) {
    if (!(WEEKDAYS as readonly string[]).includes(weekday)) throw invalid(spec, `"${weekday}" is not a weekday`);
    let previousEnd = '';
    for (const { from, to } of hours ?? []) {
      if (!TIME.test(from) || !TIME.test(to) || from === '24:00') throw invalid(spec, `${weekday}: "${from}–${to}" is not a pair of times HH:MM`);
      if (to <= from) throw invalid(spec, `${weekday}: ${from}–${to} ends before it starts`);
      if (from < previousEnd) throw invalid(spec, `${weekday}: ${from}–${to} overlaps or precedes the interval before it`);
      previousEnd = to;
    }
  }
}
