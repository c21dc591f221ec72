/** Finding people for pickers: GET /people, which the server limits to the caller's organizations. */
import { api } from './api.js';
import type { RemoteOption } from './forms/widgets/remote-select.js';

export interface PersonHit {
  id: string;
  name: string;
  login: string | null;
  organizationName: string;
}

export type PeopleKind = 'person' | 'user';

export const personLabel = (hit: PersonHit) => `${hit.name}${hit.login ? ` (${hit.login})` : ''} · ${hit.organizationName}`;

export async function searchPeople(kind: PeopleKind, q: string): Promise<RemoteOption[]> {
  return (await api<{ items: PersonHit[] }>('/people', { query: { kind, q, limit: 20 } })).items.map((hit) => ({ value: hit.id, label: personLabel(hit) }));
}

export async function personLabelOf(kind: PeopleKind, id: string): Promise<string | null> {
  const [hit] = (await api<{ items: PersonHit[] }>('/people', { query: { kind, ids: id } })).items;
  return hit ? personLabel(hit) : null;
}
