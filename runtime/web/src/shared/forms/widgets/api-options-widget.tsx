/**
 * A select whose options come from our own API (`x-flowdesk-options`): a GET of `path` under
 * /api/v1 with the user's session, the list at `itemsAt` of the answer (or the answer itself), each
 * item's `value` and `label` properties; with `searchParam`, what the user types is sent as that
 * query parameter, else the list is fetched once and filtered here. The declaration is data the
 * bundle validator checked; the path is checked again here before anything is fetched.
 */
import type { WidgetProps } from '@rjsf/utils';
import { useRef } from 'react';
import { api } from '../../api.js';
import { RemoteSelect, fromWidget, type RemoteOption } from './remote-select.js';

export interface OptionsSource {
  path: string;
  itemsAt?: string;
  value: string;
  label: string;
  searchParam?: string;
}

/** As engine/bundle/schema-validator.ts has it: one leading `/`, no `..`, `//`, backslash or `%` before the query. */
const SAFE_PATH = /^\/(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._~/-]*(\?[A-Za-z0-9._~=&%+,:-]*)?$/;
/** Options shown at most. */
const MAX_OPTIONS = 200;

const own = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined);

/** The options in an answer, as the source says to read them. */
export function optionsIn(answer: unknown, source: OptionsSource): RemoteOption[] {
  const list = source.itemsAt ? own(answer, source.itemsAt) : answer;
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_OPTIONS).flatMap((item): RemoteOption[] => {
    const value = own(item, source.value);
    const label = own(item, source.label);
    if (typeof value !== 'string' && typeof value !== 'number') return [];
    return [{ value: String(value), label: typeof label === 'string' || typeof label === 'number' ? String(label) : String(value) }];
  });
}

async function fetchOptions(source: OptionsSource, text: string): Promise<RemoteOption[]> {
  if (!SAFE_PATH.test(source.path)) return [];
  const [path = '', query = ''] = source.path.split('?', 2);
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(query));
  if (source.searchParam && text.trim()) params[source.searchParam] = text.trim();
  return optionsIn(await api<unknown>(path, { query: params }), source);
}

export function ApiOptionsWidget(props: WidgetProps) {
  const source = (props.schema as Record<string, unknown>)['x-flowdesk-options'] as OptionsSource;
  const isNumber = props.schema.type === 'integer' || props.schema.type === 'number';
  // Without a search parameter the whole list comes once and is filtered as the user types.
  const everything = useRef<Promise<RemoteOption[]> | null>(null);
  const all = () =>
    (everything.current ??= fetchOptions(source, '').catch((error: unknown) => {
      everything.current = null;
      throw error;
    }));
  return (
    <RemoteSelect
      {...fromWidget(props)}
      value={props.value === undefined || props.value === null ? undefined : String(props.value)}
      onChange={(value) => props.onChange(value === undefined ? undefined : isNumber ? Number(value) : value)}
      search={async (text) => {
        if (source.searchParam) return fetchOptions(source, text);
        const needle = text.trim().toLowerCase();
        return (await all()).filter((option) => !needle || option.label.toLowerCase().includes(needle));
      }}
      labelOf={async (value) => (await all()).find((option) => option.value === value)?.label ?? null}
    />
  );
}
