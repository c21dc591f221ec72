/** Calendar arithmetic for ISO 8601 durations (`P1DT4H`, `PT30M`): due dates of tasks. */
const PARTS = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * `from` plus the duration, in UTC: years and months move the calendar date, the rest adds
 * fixed time. Business-time arithmetic (working hours, holidays) belongs to calendars.
 */
export function addIsoDuration(from: Date, duration: string): Date {
  const match = PARTS.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const seconds = Number(match[7] ?? 0);
  const result = new Date(from.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years!, result.getUTCMonth() + months!);
  return new Date(result.getTime() + ((((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds) * 1000);
}
