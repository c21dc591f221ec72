/** ISO 8601 durations as Flowdesk accepts them: P1Y2M3W4DT5H6M7S with at least one part. */
const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECOND = 1000;
const DAY = 86_400 * SECOND;
/** Calendar units at their usual length (a year of 365 days, a month of 30): enough to compare. */
const UNIT_MS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, 3600 * SECOND, 60 * SECOND, SECOND] as const;

export function isIsoDuration(text: string): boolean {
  return ISO_DURATION.test(text);
}

/** The approximate length of a duration in milliseconds, or undefined when the text is not one. */
export function isoDurationMilliseconds(text: string): number | undefined {
  const parts = ISO_DURATION.exec(text);
  if (!parts) return undefined;
  return UNIT_MS.reduce((total, unit, i) => total + Number(parts[i + 1] ?? 0) * unit, 0);
}

/**
 * `from` plus the duration, in UTC: years and months move the calendar date, the rest adds fixed
 * time (task due dates). Business time (working hours, holidays) belongs to calendars.
 */
export function addIsoDuration(from: Date, duration: string): Date {
  const parts = ISO_DURATION.exec(duration);
  if (!parts) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  const [years, months, ...fixed] = parts.slice(1, 8).map((part) => Number(part ?? 0)) as number[];
  const moved = new Date(from.getTime());
  moved.setUTCFullYear(moved.getUTCFullYear() + years!, moved.getUTCMonth() + months!);
  return new Date(moved.getTime() + fixed.reduce((total, value, i) => total + value * UNIT_MS[i + 2]!, 0));
}
