/**
 * A date-time field (`format: "date-time"`): picked and shown in the user's time zone (the form
 * context's, else the browser's), which is named beside the control; stored as an ISO 8601 instant
 * in UTC (`…Z`). The picker itself works on wall-clock times; the zone is applied when converting,
 * so the browser's own zone never leaks into the value.
 */
import type { WidgetProps } from '@rjsf/utils';
import { DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/index.js';
import type { FlowdeskFormContext } from './index.js';

const WALL_CLOCK = 'YYYY-MM-DDTHH:mm:ss';

/** The user's zone when it is one this browser knows, else the browser's own. */
export function zoneOf(preferred: string | undefined): string {
  if (preferred) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: preferred });
      return preferred;
    } catch {
      // an unknown zone on the account: fall through
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function withZones(): typeof dayjs {
  // Idempotent: dayjs installs a plugin once however often it is asked.
  dayjs.extend(utc);
  dayjs.extend(timezone);
  return dayjs;
}

/** The stored instant as the wall-clock time it is in `zone` (a plain local dayjs for the picker). */
export function wallClockOf(instant: string, zone: string): Dayjs | null {
  const time = withZones()(instant);
  return time.isValid() ? dayjs(time.tz(zone).format(WALL_CLOCK)) : null;
}

/** A wall-clock time in `zone` as the instant to store. */
export function instantOf(wallClock: Dayjs, zone: string): string {
  return withZones().tz(wallClock.format(WALL_CLOCK), zone).toISOString();
}

export function DateTimeWidget({ id, label, value, onChange, onBlur, disabled, readonly, registry, placeholder }: WidgetProps) {
  const { t } = useI18n();
  const zone = zoneOf((registry.formContext as FlowdeskFormContext | undefined)?.timeZone);
  const offset = withZones()().tz(zone).format('Z');
  // One picker value per stored value: a new object on every render would make the picker update itself without end.
  const picked = useMemo(() => (typeof value === 'string' && value ? wallClockOf(value, zone) : null), [value, zone]);
  return (
    <Space wrap>
      <DatePicker
        id={id}
        aria-label={label}
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        needConfirm={false}
        value={picked}
        onChange={(picked: Dayjs | null) => onChange(picked ? instantOf(picked, zone) : undefined)}
        onBlur={() => onBlur(id, value)}
        disabled={disabled || readonly}
        // rjsf hands '' when the uiSchema names none: keep antd's own then.
        placeholder={placeholder || undefined}
      />
      <Typography.Text type="secondary" data-time-zone={zone}>
        {t('form.dateTime.zone', { zone: `${zone} (UTC${offset})` })}
      </Typography.Text>
    </Space>
  );
}
