/** Dates in the user's time zone and language; durations as people read them. */
import type { Locale } from './i18n/index.js';

export function formatDateTime(iso: string | null | undefined, locale: Locale, timeZone: string): string {
  if (!iso) return '—';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    // An unknown zone on the account: the browser's own.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}

/** 2 d 3 h, 3 h 20 min, 12 min (zh-CN: 2天3小时…). */
export function formatDuration(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const units = locale === 'zh-CN' ? { d: '天', h: '小时', m: '分钟', sep: '' } : { d: ' d', h: ' h', m: ' min', sep: ' ' };
  if (days > 0) return `${days}${units.d}${hours > 0 ? `${units.sep}${hours}${units.h}` : ''}`;
  if (hours > 0) return `${hours}${units.h}${mins > 0 ? `${units.sep}${mins}${units.m}` : ''}`;
  return `${mins}${units.m}`;
}
