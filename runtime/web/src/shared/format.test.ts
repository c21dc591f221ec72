import { formatDateTime, formatDuration } from './format.js';

describe('dates and durations as people read them', () => {
  it('writes durations in days, hours and minutes, in English and Chinese', () => {
    expect(formatDuration(12 * 60_000, 'en')).toBe('12 min');
    expect(formatDuration((3 * 60 + 20) * 60_000, 'en')).toBe('3 h 20 min');
    expect(formatDuration((2 * 24 + 3) * 3_600_000, 'en')).toBe('2 d 3 h');
    expect(formatDuration((2 * 24 + 3) * 3_600_000, 'zh-CN')).toBe('2天3小时');
    expect(formatDuration(-90 * 60_000, 'en')).toBe('1 h 30 min');
  });

  it("shows an instant in the user's time zone", () => {
    expect(formatDateTime('2026-12-07T01:30:00Z', 'en', 'Asia/Shanghai')).toMatch(/Dec 7, 2026.*9:30/);
    expect(formatDateTime('2026-12-07T01:30:00Z', 'en', 'Europe/London')).toMatch(/1:30/);
    expect(formatDateTime(null, 'en', 'UTC')).toBe('—');
  });
});
