import { isoDurationMilliseconds } from '../iso-duration.js';

export type TimerType = 'timeDuration' | 'timeDate' | 'timeCycle';

/** What a timer value says, as far as it is known before a run. */
export type TimerValue =
  | { kind: 'duration'; milliseconds: number }
  | { kind: 'date' }
  /** `repeat` is undefined for a cycle without a count (R/…), which repeats forever. */
  | { kind: 'cycle'; repeat: number | undefined; milliseconds: number };

/** What each timer type takes, for messages. */
export const TIMER_FORMS: Readonly<Record<TimerType, string>> = {
  timeDuration: 'an ISO 8601 duration such as PT15M or P2D',
  timeDate: 'an ISO 8601 date and time such as 2025-01-31T09:00:00Z',
  timeCycle: 'an ISO 8601 repeating interval such as R3/PT10M or R/2025-01-01T09:00:00Z/P1D',
};

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
const REPEATING = /^R(\d*)\/([^/]+)(?:\/([^/]+))?$/;

/**
 * Reads a timer value without an expression in it, in the forms Flowdesk accepts (a subset of
 * what the engine's parser takes, and nothing it refuses: no spaces around the value).
 * Undefined when the value is not of the form its type takes.
 */
export function parseTimerValue(type: TimerType, text: string): TimerValue | undefined {
  switch (type) {
    case 'timeDuration': {
      const milliseconds = isoDurationMilliseconds(text);
      return milliseconds === undefined ? undefined : { kind: 'duration', milliseconds };
    }
    case 'timeDate':
      return isIsoDateTime(text) ? { kind: 'date' } : undefined;
    case 'timeCycle':
      return parseRepeating(text);
  }
}

/** R[n]/duration, R[n]/start/duration or R[n]/duration/end. */
function parseRepeating(text: string): TimerValue | undefined {
  const parts = REPEATING.exec(text);
  if (!parts) return undefined;
  const [, count = '', first = '', second] = parts;
  const duration = second === undefined ? first : isIsoDateTime(first) ? second : isIsoDateTime(second) ? first : undefined;
  const milliseconds = duration === undefined ? undefined : isoDurationMilliseconds(duration);
  if (milliseconds === undefined) return undefined;
  return { kind: 'cycle', repeat: count === '' ? undefined : Number(count), milliseconds };
}

/** A calendar date, optionally with a time and an offset, each field in range. */
function isIsoDateTime(text: string): boolean {
  const parts = DATE_TIME.exec(text);
  if (!parts) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = parts.slice(1).map((p) => Number(p ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 && offsetHours <= 14 && offsetMinutes < 60;
}
