/** A record's SLA clocks (GET /records/:type/:key/sla) as countdown badges. */
import { Space } from 'antd';
import { useMemo } from 'react';
import { SlaBadge } from './sla-badge.js';
import type { SlaClock } from './records.js';
import { useApi } from './use-api.js';

export function RecordSla({ type, recordKey, metric, compact }: { type: string; recordKey: string; metric?: string; compact?: boolean }) {
  const { data } = useApi<{ clocks: SlaClock[] }>(`/records/${encodeURIComponent(type)}/${encodeURIComponent(recordKey)}/sla`);
  const fetchedAt = useMemo(() => Date.now(), [data]);
  if (!data) return null;
  // The newest cycle of each clock (a reopened record counts again).
  const newest = new Map<string, SlaClock>();
  for (const clock of data.clocks) if (!metric || clock.metric === metric) newest.set(clock.clockId, clock);
  const clocks = [...newest.values()];
  if (clocks.length === 0) return <span>—</span>;
  return (
    <Space orientation={compact ? "horizontal" : "vertical"} size={4} wrap>
      {clocks.map((clock) => <SlaBadge key={clock.id} clock={clock} fetchedAt={fetchedAt} />)}
    </Space>
  );
}
