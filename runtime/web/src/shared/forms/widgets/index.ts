/**
 * The widgets Flowdesk forms need beyond rjsf's own, and which field gets which: a field may name
 * its widget in the uiSchema (`ui:widget`), else its schema's Flowdesk keywords choose.
 */
import type { RJSFSchema, RegistryWidgetsType, UiSchema } from '@rjsf/utils';
import { PersonWidget } from './person-widget.js';
import { RecordWidget } from './record-widget.js';

/** What a form's widgets may need from the page that shows it. */
export interface FlowdeskFormContext {
  /** The record the form belongs to, when there is one (task forms). */
  record?: { type: string; key: string };
}

export const FLOWDESK_WIDGETS: RegistryWidgetsType = { person: PersonWidget, record: RecordWidget };

/** The uiSchema with a widget chosen for each field whose schema asks for one and whose uiSchema names none. */
export function withFlowdeskWidgets(schema: RJSFSchema, uiSchema: UiSchema): UiSchema {
  const properties = (schema.properties ?? {}) as Record<string, RJSFSchema>;
  const out: UiSchema = { ...uiSchema };
  for (const [name, property] of Object.entries(properties)) {
    const widget = widgetFor(property);
    const ui = (out[name] ?? {}) as UiSchema;
    if (widget && !ui['ui:widget'] && FLOWDESK_WIDGETS[widget]) out[name] = { ...ui, 'ui:widget': widget };
  }
  return out;
}

function widgetFor(property: RJSFSchema): string | null {
  const ref = (property as Record<string, unknown>)['x-flowdesk-ref'];
  if (ref === 'user' || ref === 'person') return 'person';
  if (typeof ref === 'string' && ref.startsWith('record:')) return 'record';
  return null;
}
