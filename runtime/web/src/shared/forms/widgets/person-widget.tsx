/**
 * A person or user field (`x-flowdesk-ref: person | user`): pick from the people of one's own
 * organizations (GET /people, scoped by the server; see shared/people.ts).
 */
import type { WidgetProps } from '@rjsf/utils';
import { personLabelOf, searchPeople } from '../../people.js';
import { RemoteSelect, fromWidget } from './remote-select.js';

export function PersonWidget(props: WidgetProps) {
  const kind = (props.schema as Record<string, unknown>)['x-flowdesk-ref'] === 'user' ? 'user' : 'person';
  return <RemoteSelect {...fromWidget(props)} search={(q) => searchPeople(kind, q)} labelOf={(id) => personLabelOf(kind, id)} />;
}
