/**
 * What the designer knows about the draft being edited, as the editors of its files see it: the
 * ids each kind of definition offers (for pickers), the bundle's texts in both languages, and the
 * problems the last check found. Built from the draft's files by draft-catalogue.ts.
 */
import type { Locale } from '../../../runtime/web/index.js';

export type BundleLocale = Locale;

/** A problem of the last check (POST /drafts/:id/check), located as precisely as the validator could. */
export interface DraftProblem {
  code: string;
  message: string;
  /** The bundle file it is in. */
  file?: string;
  /** A JSON pointer inside that file. */
  pointer?: string;
  /** A BPMN element id, for problems in a .bpmn file. */
  element?: string;
  elementType?: string;
  severity?: 'error' | 'warning';
}

export interface PluginSummary {
  id: string;
  /** The plugin's declared inputs (its JSON Schema's properties), for the modeler's call settings. */
  inputs: string[];
  required: string[];
}

export interface RecordTypeSummary {
  id: string;
  states: string[];
  fields: string[];
}

/** The ids a draft's files define, by kind: what pickers offer. */
export interface DraftCatalogue {
  bundle: string;
  forms: string[];
  processes: string[];
  plugins: PluginSummary[];
  calendars: string[];
  slaPolicies: string[];
  notificationRules: string[];
  roles: string[];
  recordTypes: RecordTypeSummary[];
}

/** The bundle's texts (i18n/<locale>.json), read and written by key. */
export interface BundleTexts {
  get(locale: BundleLocale, key: string): string | undefined;
  /** Sets (or, with an empty text, removes) a text; the i18n file is saved with the draft. */
  set(locale: BundleLocale, key: string, text: string): void;
}

/**
 * What every editor of one JSON file of a draft is given. `value` is the parsed file; each change
 * hands back the whole new value, which the draft saves (debounced) against the version it read.
 */
export interface JsonFileEditorProps<T = unknown> {
  path: string;
  value: T;
  onChange(next: T): void;
  catalogue: DraftCatalogue;
  texts: BundleTexts;
  /** The last check's problems in this file. */
  problems: DraftProblem[];
}
