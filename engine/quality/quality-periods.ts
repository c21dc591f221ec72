/**
 * The periods a quality report is cut into: days, ISO weeks (from Monday), months or quarters as
 * the calendar of a time zone has them (a day across a DST change is 23 or 25 hours long), clipped
 * to the report's [from, to). SQL compares ISO instants as text (every stored time is UTC with
 * milliseconds), so a period is a pair of such strings, and a fact falls in the period whose
 * start it is at or after and whose end it is before.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { QualityPeriod } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export interface ReportPeriod {
  /** ISO instants, UTC: [start, end). */
  start: string;
  end: string;
}

/** At most this many periods in one report (a year of days, and a little). */
export const MAX_PERIODS = 400;

export function periodsOf(range: { from: string; to: string; period: QualityPeriod; timeZone: string }): ReportPeriod[] {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  let cursor = DateTime.fromMillis(from, { zone: range.timeZone }).startOf(range.period);
  if (!cursor.isValid) throw new FlowdeskError('INPUT_INVALID', `"${range.timeZone}" is not a time zone`, { details: [{ pointer: '/query/timeZone', message: 'not an IANA time zone' }] });
  const periods: ReportPeriod[] = [];
  while (cursor.toMillis() < to) {
    const next = cursor.plus({ [range.period]: 1 }).startOf(range.period);
    periods.push({ start: iso(Math.max(cursor.toMillis(), from)), end: iso(Math.min(next.toMillis(), to)) });
    if (periods.length > MAX_PERIODS) throw new FlowdeskError('INPUT_INVALID', `a report has at most ${MAX_PERIODS} periods`, { details: [{ pointer: '/query/to', message: 'too many periods' }] });
    cursor = next;
  }
  return periods;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `CASE WHEN column < end0 THEN 0 WHEN column < end1 THEN 1 … END`: the period index of a time already within the report. */
export function periodIndex(knex: Knex, column: string, periods: readonly ReportPeriod[]): Knex.Raw {
  const whens = periods.map(() => 'WHEN ?? < ? THEN ?').join(' ');
  return knex.raw(`CASE ${whens} END`, periods.flatMap((period, i) => [column, period.end, i]));
}
