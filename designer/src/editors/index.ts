/**
 * The editors of the designer's JSON bundle files, by content kind (the keys of `contents` in
 * bundle.json). Each implements JsonFileEditorProps for its file, checked by the engine's schema
 * for the kind (compiled on the server) and by the draft's last check.
 */
import type { ComponentType } from 'react';
import type { JsonFileEditorProps } from '../draft/draft-model.js';
import { CalendarEditor } from './calendars/calendar-editor.js';
import { CatalogEditor } from './catalog/catalog-editor.js';
import { NotificationsEditor } from './notifications/notifications-editor.js';
import { QualityEditor } from './quality/quality-editor.js';
import { RolesEditor } from './roles/roles-editor.js';
import { SlaEditor } from './sla/sla-editor.js';

export { CalendarEditor, CatalogEditor, NotificationsEditor, QualityEditor, RolesEditor, SlaEditor };

// Each editor takes its own file's shape; the draft hands over whatever the file parsed to.
const EDITORS: Record<string, ComponentType<JsonFileEditorProps<never>>> = {
  notifications: NotificationsEditor,
  sla: SlaEditor,
  calendars: CalendarEditor,
  quality: QualityEditor,
  catalog: CatalogEditor,
  roles: RolesEditor,
};

/** The editor of a content kind's files, or null when the designer has no form editor for the kind. */
export function editorFor(kind: string): ComponentType<JsonFileEditorProps<unknown>> | null {
  return Object.hasOwn(EDITORS, kind) ? (EDITORS[kind] as ComponentType<JsonFileEditorProps<unknown>>) : null;
}
