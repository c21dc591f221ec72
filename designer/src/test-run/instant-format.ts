/** Instants of a run (its clock, due dates, steps) in the user's language and time zone. */
import { useMemo } from 'react';
import { useI18n, useSession } from '../../../runtime/web/index.js';

export function useInstantFormat(): (iso: string) => string {
  const { locale } = useI18n();
  const { user } = useSession();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: user.timeZone });
    return (iso: string) => format.format(new Date(iso));
  }, [locale, user.timeZone]);
}
