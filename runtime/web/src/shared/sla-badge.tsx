/**
 * An SLA clock as agents read it: time left (or overdue) counted down live, in colour — green
 * on track, amber in its warning share, red when breached, grey when paused or stopped.
 */
import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime, formatDuration } from './format.js';
import { useI18n } from './i18n/index.js';
import { useSession } from './session.js';
import type { SlaClock } from './records.js';
import { colourOf, remainingAfter } from './sla-colour.js';

/** Re-renders every `ms` so countdowns move. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

export function SlaBadge({ clock, fetchedAt }: { clock: SlaClock; fetchedAt: number }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const now = useNow();
  const colour = colourOf(clock);
  const remaining = remainingAfter(clock, now - fetchedAt);
  const label =
    clock.status === 'paused' ? t('sla.paused')
    : clock.status === 'stopped' ? (clock.health === 'missed' ? t('sla.breached', { duration: formatDuration(-remaining, locale) }) : t('sla.met'))
    : remaining < 0 ? t('sla.breached', { duration: formatDuration(-remaining, locale) })
    : t('sla.left', { duration: formatDuration(remaining, locale) });
  const metricName = (metric: string) => (metric === 'response' ? `${t('sla.response')}: ` : metric === 'resolution' ? `${t('sla.resolution')}: ` : '');
  const icon = clock.status === 'paused' ? <PauseCircleOutlined aria-hidden /> : <ClockCircleOutlined aria-hidden />;
  return (
    <Tooltip title={clock.deadline ? t('sla.due', { time: formatDateTime(clock.deadline, locale, user.timeZone) }) : undefined}>
      <span className={`fd-sla fd-sla-${colour}`} data-sla-colour={colour} data-metric={clock.metric}>
        {icon} {metricName(clock.metric)}{label}
      </span>
    </Tooltip>
  );
}
