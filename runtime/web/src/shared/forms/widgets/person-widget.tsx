/**
 * A person or user field (`x-flowdesk-ref: person | user`): pick from the people of one's own
 * organizations (GET /people, scoped by the server).
 */
import type { WidgetProps } from '@rjsf/utils';
import { api } from '../../api.js';
import { RemoteSelect, fromWidget } from './remote-select.js';

interface PersonHit {
  id: string;
  name: string;
  login: string | null;
  organizationName: string;
}

const labelOf = (hit: PersonHit) => `${hit.name}${hit.login ? ` (${hit.login})` : ''} · ${hit.organizationName}`;

export function PersonWidget(props: WidgetProps) {
  const kind = (props.schema as Record<string, unknown>)['x-flowdesk-ref'] === 'user' ? 'user' : 'person';
  return (
    <RemoteSelect
      {...fromWidget(props)}
      search={async (q) => (await api<{ items: PersonHit[] }>('/people', { query: { kind, q, limit: 20 } })).items.map((hit) => ({ value: hit.id, label: labelOf(hit) }))}
      labelOf={async (id) => {
        const [hit] = (await api<{ items: PersonHit[] }>('/people', { query: { kind, ids: id } })).items;
        return hit ? labelOf(hit) : null;
      }}
    />
  );
}
