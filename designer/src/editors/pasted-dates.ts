/**
 * Holidays and make-up working days pasted as a list, one per line, as admins copy them from an
 * official notice. Holidays:
 *
 *   2027-01-01 New year | 元旦             its name in English | Chinese (one name: both)
 *   2027-02-06..2027-02-12 Spring festival  several days (also `~`, `至`, ` - `)
 *
 * Make-up working days: `2027-02-14 fri`, the weekday it works like (Monday when not said).
 *
 * Dates may be written 2027-1-1, 2027/01/01 or 2027年1月1日. Blank lines and lines starting with
 * `#` are skipped. Every line that cannot be read is reported with its number and why.
 */
import { WEEKDAYS } from './choices.js';
import type { Holiday, Weekday, Workday } from './file-shapes.js';

export interface PastedHoliday {
  date: string;
  to?: string;
  /** The name in English and in Chinese, when the line gives one. */
  name?: { en: string; 'zh-CN': string };
}

export type PastedLineError =
  | { line: number; text: string; reason: 'not-a-date' | 'range-backwards' | 'repeated' | 'no-range-here' }
  | { line: number; text: string; reason: 'not-a-weekday'; word: string };

export interface PastedList<T> {
  items: T[];
  errors: PastedLineError[];
}

const DATE = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`;
const RANGE = String.raw`\s*(?:\.\.|~|～|至|到|–|—|\s-\s)\s*`;
const LINE = new RegExp(`^${DATE}(?:${RANGE}${DATE})?(?:\\s+(.*))?$`);

const WEEKDAY_WORDS = new Map<string, Weekday>([
  ...WEEKDAYS.map((day): [string, Weekday] => [day, day]),
  ...(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const).map((word, i): [string, Weekday] => [word, WEEKDAYS[i]!]),
  ...['一', '二', '三', '四', '五', '六', '日'].flatMap((n, i) => [`周${n}`, `星期${n}`].map((word): [string, Weekday] => [word, WEEKDAYS[i]!])),
  ['周天', 'sun'],
  ['星期天', 'sun'],
]);

/** `YYYY-MM-DD` of a real day, or null. */
function isoDate(year: string, month: string, day: string): string | null {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return date.toISOString().slice(0, 10);
}

interface ReadLine {
  line: number;
  text: string;
  date: string;
  to?: string;
  rest: string;
}

/** Each line that holds something, read as a date (or range) and the rest; or why it cannot be. */
function readLines(pasted: string): Array<ReadLine | PastedLineError> {
  return pasted.split(/\r?\n/).flatMap((raw, index): Array<ReadLine | PastedLineError> => {
    const text = raw.trim();
    const line = index + 1;
    if (text === '' || text.startsWith('#')) return [];
    const match = LINE.exec(text);
    if (!match) return [{ line, text, reason: 'not-a-date' }];
    const date = isoDate(match[1]!, match[2]!, match[3]!);
    const to = match[4] === undefined ? undefined : isoDate(match[4], match[5]!, match[6]!);
    if (date === null || to === null) return [{ line, text, reason: 'not-a-date' }];
    if (to !== undefined && to < date) return [{ line, text, reason: 'range-backwards' }];
    return [{ line, text, date, ...(to !== undefined && to !== date ? { to } : {}), rest: (match[7] ?? '').trim() }];
  });
}

const isError = (read: ReadLine | PastedLineError): read is PastedLineError => 'reason' in read;

type Located<T> = { line: number; text: string; item: T };

/** The items, but a line whose date an earlier line already gave is reported, not taken. */
function withoutRepeats<T extends { date: string }>(located: ReadonlyArray<Located<T>>, errors: PastedLineError[]): T[] {
  const seen = new Set<string>();
  return located.flatMap(({ line, text, item }) => {
    if (seen.has(item.date)) {
      errors.push({ line, text, reason: 'repeated' });
      return [];
    }
    seen.add(item.date);
    return [item];
  });
}

export function parsePastedHolidays(pasted: string): PastedList<PastedHoliday> {
  const read = readLines(pasted);
  const errors = read.filter(isError);
  const located = read.filter((r): r is ReadLine => !isError(r)).map(({ line, text, date, to, rest }): Located<PastedHoliday> => {
    const [en = '', zh = ''] = rest.split('|').map((part) => part.trim());
    const name = en === '' && zh === '' ? undefined : { en: en || zh, 'zh-CN': zh || en };
    return { line, text, item: { date, ...(to ? { to } : {}), ...(name ? { name } : {}) } };
  });
  const items = withoutRepeats(located, errors);
  return { items, errors: errors.sort((a, b) => a.line - b.line) };
}

export function parsePastedWorkdays(pasted: string): PastedList<Workday> {
  const errors: PastedLineError[] = [];
  const located: Array<Located<Workday>> = [];
  for (const r of readLines(pasted)) {
    if (isError(r)) errors.push(r);
    else if (r.to) errors.push({ line: r.line, text: r.text, reason: 'no-range-here' });
    else {
      const like = r.rest === '' ? 'mon' : WEEKDAY_WORDS.get(r.rest.toLowerCase());
      if (like) located.push({ line: r.line, text: r.text, item: { date: r.date, like } });
      else errors.push({ line: r.line, text: r.text, reason: 'not-a-weekday', word: r.rest });
    }
  }
  const items = withoutRepeats(located, errors);
  return { items, errors: errors.sort((a, b) => a.line - b.line) };
}

/** The list with the pasted days put in (a pasted day replaces the one of its date), by date. */
export function mergedByDate<T extends { date: string }>(list: readonly T[] | undefined, pasted: readonly T[]): T[] {
  const byDate = new Map((list ?? []).map((item) => [item.date, item]));
  for (const item of pasted) byDate.set(item.date, item);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Pasted holidays as calendar holidays: a name whose texts a key already has (one of `known`)
 * takes that key; another gets a key of its own from `newKey`, and is returned among `texts` to set.
 */
export function holidaysWithKeys(
  pasted: readonly PastedHoliday[],
  known: ReadonlyArray<{ key: string; en?: string; 'zh-CN'?: string }>,
  newKey: (date: string) => string,
): { holidays: Holiday[]; texts: Array<{ key: string; en: string; 'zh-CN': string }> } {
  const texts: Array<{ key: string; en: string; 'zh-CN': string }> = [];
  const holidays = pasted.map(({ date, to, name }): Holiday => {
    const base = { date, ...(to ? { to } : {}) };
    if (!name) return base;
    const same = known.find((k) => k.en === name.en && k['zh-CN'] === name['zh-CN']);
    if (same) return { ...base, nameKey: same.key };
    const key = newKey(date);
    texts.push({ key, ...name });
    return { ...base, nameKey: key };
  });
  return { holidays, texts };
}

const IDENTIFIER = /^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$/;

/** The key of a pasted holiday's name: `calendar.<calendar id>.holiday.<date>`, unique to the calendar and day. */
export function holidayNameKey(calendarId: string, date: string): string {
  return `calendar.${IDENTIFIER.test(calendarId) ? `${calendarId}.` : ''}holiday.${date}`;
}
