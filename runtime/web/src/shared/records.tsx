/** Record types the caller may see (GET /record-types) and the shapes records come in. */
import { createContext, useContext, type ReactNode } from 'react';
import { useBundleText } from './bundle-texts.js';
import { useI18n } from './i18n/index.js';
import { useApi } from './use-api.js';

export interface RecordType {
  id: string;
  bundle: string;
  titleKey: string;
  numberPrefix: string;
  fields: { properties?: Record<string, { title?: string; type?: string; oneOf?: Array<{ const: unknown; title?: string }>; 'x-flowdesk-ref'?: string; format?: string }>; required?: string[] };
  states: Array<{ id: string; titleKey: string; isFinal?: boolean; editable?: string[] }>;
  listColumns: string[];
  indexed: string[];
  actions: string[];
  /** The fields the caller's grants let them change; null: all. */
  writableFields: string[] | null;
}

export interface RecordView {
  id: string;
  type: string;
  number: string;
  organizationId: string;
  callerId: string | null;
  createdBy: string;
  teamId: string | null;
  assigneeId: string | null;
  state: string;
  title: string;
  fields: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SlaClock {
  id: string;
  clockId: string;
  metric: string;
  status: 'running' | 'paused' | 'stopped';
  health: 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';
  remainingMs: number;
  deadline: string | null;
}

const TypesContext = createContext<Map<string, RecordType>>(new Map());

export function RecordTypesProvider({ children }: { children: ReactNode }) {
  const { data } = useApi<{ types: RecordType[] }>('/record-types');
  return <TypesContext.Provider value={new Map((data?.types ?? []).map((t) => [t.id, t]))}>{children}</TypesContext.Provider>;
}

export function useRecordTypes(): Map<string, RecordType> {
  return useContext(TypesContext);
}

/** Names of a type's parts in the user's language: the type, a state, a field, a field's value. */
export function useRecordNames() {
  const text = useBundleText();
  const { t } = useI18n();
  const types = useRecordTypes();
  return {
    type: (typeId: string) => {
      const type = types.get(typeId);
      return type ? text(type.bundle, type.titleKey) : typeId;
    },
    state: (typeId: string, stateId: string) => {
      const type = types.get(typeId);
      const state = type?.states.find((s) => s.id === stateId);
      return type && state ? text(type.bundle, state.titleKey) : stateId;
    },
    field: (typeId: string, field: string) => {
      const type = types.get(typeId);
      const title = type?.fields.properties?.[field]?.title;
      return type && title ? text(type.bundle, title) : field;
    },
    value: (typeId: string, field: string, value: unknown) => {
      const type = types.get(typeId);
      const option = type?.fields.properties?.[field]?.oneOf?.find((o) => o.const === value);
      if (type && option?.title) return text(type.bundle, option.title);
      if (value === null || value === undefined || value === '') return '—';
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    },
    isFinal: (typeId: string, stateId: string) => types.get(typeId)?.states.find((s) => s.id === stateId)?.isFinal === true,
  };
}

/** The fields a details panel shows: those with a value, in the type's order, without the SLA pin. */
export function shownFields(type: RecordType | undefined, record: RecordView): string[] {
  return Object.entries(type?.fields.properties ?? {})
    .filter(([, schema]) => !(schema as Record<string, unknown>)['x-flowdesk-sla'])
    .map(([name]) => name)
    .filter((name) => {
      const value = record.fields[name];
      return value !== undefined && value !== null && value !== '' && typeof value !== 'object';
    });
}

/**
 * The fields the caller may change directly on a record now: their grants (update, and a field
 * list if any) and the record's state (`editable`), as the server enforces them; never the SLA pin.
 */
export function editableFields(type: RecordType | undefined, record: RecordView): string[] {
  if (!type || !type.actions.includes('update')) return [];
  const state = type.states.find((s) => s.id === record.state);
  return Object.entries(type.fields.properties ?? {})
    .filter(([, schema]) => !(schema as Record<string, unknown>)['x-flowdesk-sla'])
    .map(([name]) => name)
    .filter((name) => (state?.editable ?? [name]).includes(name) && (type.writableFields ?? [name]).includes(name));
}
