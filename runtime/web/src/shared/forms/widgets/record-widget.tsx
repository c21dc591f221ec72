/** A reference to another record (`x-flowdesk-ref: record:<type>`): search it by number or words. */
import type { WidgetProps } from '@rjsf/utils';
import { api } from '../../api.js';
import type { RecordView } from '../../records.js';
import { RemoteSelect, fromWidget } from './remote-select.js';

const labelOf = (record: RecordView) => `${record.number} · ${record.title}`;

export function RecordWidget(props: WidgetProps) {
  const ref = String((props.schema as Record<string, unknown>)['x-flowdesk-ref'] ?? '');
  const type = ref.slice('record:'.length);
  return (
    <RemoteSelect
      {...fromWidget(props)}
      search={async (q) => {
        const page = q.trim()
          ? await api<{ items: RecordView[] }>('/search', { query: { q: q.trim(), type, limit: 20 } })
          : await api<{ items: RecordView[] }>(`/records/${encodeURIComponent(type)}`, { query: { limit: 20 } });
        return page.items.map((record) => ({ value: record.id, label: labelOf(record) }));
      }}
      labelOf={async (id) => labelOf(await api<RecordView>(`/records/${encodeURIComponent(type)}/${encodeURIComponent(id)}`))}
    />
  );
}
