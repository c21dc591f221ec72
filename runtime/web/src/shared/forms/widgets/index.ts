/**
 * The widgets Flowdesk forms need beyond rjsf's own, and which field gets which: a field may name
 * its widget in the uiSchema (`ui:widget`), else its schema's Flowdesk keywords choose.
 */
import type { RJSFSchema, RegistryWidgetsType, UiSchema } from '@rjsf/utils';
import type { UploadFile } from 'antd';
import { ApiOptionsWidget } from './api-options-widget.js';
import { AttachmentsWidget } from './attachments-widget.js';
import { ComputedWidget } from './computed-widget.js';
import { DateTimeWidget } from './date-time-widget.js';
import { PersonWidget } from './person-widget.js';
import { RecordWidget } from './record-widget.js';
import { RichTextWidget } from './rich-text-widget.js';

/** What a form's widgets may need from the page that shows it. */
export interface FlowdeskFormContext {
  /** The record the form belongs to, when there is one (task forms): file fields upload to it. */
  record?: { type: string; key: string };
  /** The IANA zone date-time fields are shown and entered in (the user's); the browser's when absent. */
  timeZone?: string;
  /**
   * A start form, whose record does not exist yet: a file field hands the page its chosen files
   * (all of them, on every change), for the page to upload once the record is made.
   */
  onFilesForLater?(field: string, files: UploadFile[]): void;
}

export const FLOWDESK_WIDGETS: RegistryWidgetsType = {
  person: PersonWidget,
  record: RecordWidget,
  computed: ComputedWidget,
  richText: RichTextWidget,
  dateTime: DateTimeWidget,
  apiOptions: ApiOptionsWidget,
  attachments: AttachmentsWidget,
};

/** The uiSchema with a widget chosen for each field whose schema asks for one and whose uiSchema names none. */
export function withFlowdeskWidgets(schema: RJSFSchema, uiSchema: UiSchema): UiSchema {
  const properties = (schema.properties ?? {}) as Record<string, RJSFSchema>;
  const out: UiSchema = { ...uiSchema };
  for (const [name, property] of Object.entries(properties)) {
    const widget = widgetFor(property);
    const ui = (out[name] ?? {}) as UiSchema;
    // A computed field is never edited, whatever widget the uiSchema names.
    const chosen = widget === 'computed' ? widget : (ui['ui:widget'] ?? widget);
    if (widget && chosen === widget && FLOWDESK_WIDGETS[widget]) out[name] = { ...ui, 'ui:widget': widget };
  }
  return out;
}

function widgetFor(property: RJSFSchema): string | null {
  const keywords = property as Record<string, unknown>;
  if (keywords['x-flowdesk-computed'] !== undefined) return 'computed';
  if (keywords['x-flowdesk-options'] !== undefined) return 'apiOptions';
  const ref = keywords['x-flowdesk-ref'];
  if (ref === 'user' || ref === 'person') return 'person';
  if (typeof ref === 'string' && ref.startsWith('record:')) return 'record';
  if (property.type === 'array' && ((property.items ?? {}) as Record<string, unknown>)['x-flowdesk-ref'] === 'attachment') return 'attachments';
  if (property.type === 'string' && property.contentMediaType === 'text/html') return 'richText';
  if (property.type === 'string' && property.format === 'date-time') return 'dateTime';
  return null;
}
