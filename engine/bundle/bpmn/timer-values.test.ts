import { parseTimerValue } from './timer-values.js';

describe('parseTimerValue', () => {
  it('reads durations with their length in milliseconds', () => {
    expect(parseTimerValue('timeDuration', 'PT1H30M')).toEqual({ kind: 'duration', milliseconds: 90 * 60_000 });
    expect(parseTimerValue('timeDuration', 'P1DT0.5S')).toEqual({ kind: 'duration', milliseconds: 86_400_000 + 500 });
    expect(parseTimerValue('timeDuration', 'PT0S')).toEqual({ kind: 'duration', milliseconds: 0 });
    expect(['P', 'PT', 'PT1.5H', '1H', 'R/PT1M'].map((text) => parseTimerValue('timeDuration', text))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads dates with or without time and offset, and refuses days that do not exist', () => {
    for (const text of ['2024-02-29', '2025-01-31T09:00', '2025-01-31T09:00:00.250Z', '2025-01-31T09:00:00+08:00', '2025-01-31T09:00:00-0330']) {
      expect(parseTimerValue('timeDate', text)).toEqual({ kind: 'date' });
    }
    for (const text of ['2025-02-29', '2025-13-01', '2025-01-31T24:00:00Z', '2025-01-31 09:00', 'tomorrow']) {
      expect(parseTimerValue('timeDate', text)).toBeUndefined();
    }
  });

  it('reads repeating intervals with a count or without (forever), a start or an end', () => {
    expect(parseTimerValue('timeCycle', 'R3/PT10M')).toEqual({ kind: 'cycle', repeat: 3, milliseconds: 600_000 });
    expect(parseTimerValue('timeCycle', 'R/2025-01-01T09:00:00Z/P1D')).toEqual({ kind: 'cycle', repeat: undefined, milliseconds: 86_400_000 });
    expect(parseTimerValue('timeCycle', 'R2/PT1H/2030-01-01T00:00:00Z')).toEqual({ kind: 'cycle', repeat: 2, milliseconds: 3_600_000 });
    for (const text of ['PT10M', 'R3', 'R3/2025-01-01/2025-02-01', 'R-1/PT1M', '0 0 9 * * ?']) {
      expect(parseTimerValue('timeCycle', text)).toBeUndefined();
    }
  });
});
