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

export type SlaColour = 'green' | 'amber' | 'red' | 'grey';

export function colourOf(clock: Pick<SlaClock, 'health' | 'status'>): SlaColour {
  if (clock.status !== 'running') return clock.health === 'missed' ? 'red' : 'grey';
  if (clock.health === 'breached') return 'red';
  if (clock.health === 'warning') return 'amber';
  return 'green';
}

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
  // Business time left moves with wall time only while running; an estimate between refreshes.
  const remaining = clock.status === 'running' ? clock.remainingMs - (now - fetchedAt) : clock.remainingMs;
  const label =
    clock.status === 'paused' ? t('sla.paused')
    : clock.status === 'stopped' ? (clock.health === 'missed' ? t('sla.breached', { duration: formatDuration(-remaining, locale) }) : t('sla.met'))
    : remaining < 0 ? t('sla.breached', { duration: formatDuration(-remaining, locale) })
    : t('sla.left', { duration: formatDuration(remaining, locale) });
  const icon = clock.status === 'paused' ? <PauseCircleOutlined aria-hidden /> : <ClockCircleOutlined aria-hidden />;
  return (
    <Tooltip title={clock.deadline ? t('sla.due', { time: formatDateTime(clock.deadline, locale, user.timeZone) }) : undefined}>
      <span className={`fd-sla fd-sla-${colour}`} data-sla-colour={colour} data-metric={clock.metric}>
        {icon} {label}
      </span>
    </Tooltip>
  );
}
