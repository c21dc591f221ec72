/**
 * Where a form's fields stand: their order is `uiSchema['ui:order']`, always written whole (rjsf
 * refuses an order that leaves out a field); fields side by side are rjsf's layout grid
 * (`ui:field: LayoutGridField` with `ui:layoutGrid`, @rjsf/core 6), one antd row whose columns
 * (`span` of 24) wrap in the order of `ui:order`:
 *
 *   "ui:layoutGrid": { "ui:row": { "gutter": 24, "children": [{ "ui:col": { "span": 12, "children": ["a"] } }, …] } }
 *
 * The grid is written only while some field is narrower than the form, and is left alone when it
 * has another shape than this (written by hand): the designer then only shows it.
 */
import { isJsonObject, rootProperties, stringsOf, type FormFile, type JsonObject } from './form-file.js';
import { conditionalFields } from './field-visibility.js';

/** Columns a field may take, of antd's 24: the whole row, half, a third. */
export const COLUMN_SPANS = [24, 12, 8] as const;
export type ColumnSpan = (typeof COLUMN_SPANS)[number];
const FULL: ColumnSpan = 24;
const GUTTER = 24;
const ORDER = 'ui:order';
const FIELD = 'ui:field';
const GRID = 'ui:layoutGrid';
const LAYOUT_GRID_FIELD = 'LayoutGridField';

/** Every field id, root and conditional, in the form's order. */
export function fieldOrder(form: FormFile): string[] {
  const ids = [...Object.keys(rootProperties(form)), ...conditionalFields(form.schema).map((field) => field.id)];
  const ordered = stringsOf(form.uiSchema?.[ORDER]).filter((id, i, all) => ids.includes(id) && all.indexOf(id) === i);
  return [...ordered, ...ids.filter((id) => !ordered.includes(id))];
}

/** The columns of each field; null when the form has a grid of a shape the designer does not write. */
export function columnSpans(form: FormFile): Map<string, ColumnSpan> | null {
  const ui = form.uiSchema ?? {};
  const spans = new Map(fieldOrder(form).map((id) => [id, FULL]));
  if (ui[GRID] === undefined && ui[FIELD] === undefined) return spans;
  const columns = gridColumns(ui);
  if (!columns) return null;
  for (const { id, span } of columns) if (spans.has(id)) spans.set(id, span);
  return spans;
}

/** The form with its order and grid written from `order` and `spans` (missing spans: the whole row). */
export function withLayout(form: FormFile, order: readonly string[], spans: ReadonlyMap<string, ColumnSpan> | null): FormFile {
  const ui: JsonObject = { ...(form.uiSchema ?? {}), [ORDER]: [...order] };
  if (spans) {
    delete ui[FIELD];
    delete ui[GRID];
    if (order.some((id) => (spans.get(id) ?? FULL) !== FULL)) {
      ui[FIELD] = LAYOUT_GRID_FIELD;
      ui[GRID] = { 'ui:row': { gutter: GUTTER, children: order.map((id) => ({ 'ui:col': { span: spans.get(id) ?? FULL, children: [id] } })) } };
    }
  }
  return { ...form, uiSchema: ui };
}

/** The form with the field at `from` of the order moved to `to`. */
export function moveField(form: FormFile, from: number, to: number): FormFile {
  const order = fieldOrder(form);
  const [moved] = order.splice(from, 1);
  if (moved === undefined) return form;
  order.splice(Math.max(0, Math.min(to, order.length)), 0, moved);
  return withLayout(form, order, columnSpans(form));
}

/** The form with `id` taking `span` columns (a no-op while the form has a grid of its own). */
export function setColumnSpan(form: FormFile, id: string, span: ColumnSpan): FormFile {
  const spans = columnSpans(form);
  if (!spans) return form;
  spans.set(id, span);
  return withLayout(form, fieldOrder(form), spans);
}

/** Our grid's columns in order, or null for any other shape. */
function gridColumns(ui: JsonObject): Array<{ id: string; span: ColumnSpan }> | null {
  const row = isJsonObject(ui[GRID]) ? ui[GRID]['ui:row'] : undefined;
  const children = isJsonObject(row) ? row['children'] : undefined;
  if (ui[FIELD] !== LAYOUT_GRID_FIELD || !Array.isArray(children)) return null;
  const columns: Array<{ id: string; span: ColumnSpan }> = [];
  for (const child of children) {
    const column = isJsonObject(child) ? child['ui:col'] : undefined;
    const span = isJsonObject(column) ? column['span'] : undefined;
    const inner = isJsonObject(column) ? stringsOf(column['children']) : [];
    if (inner.length !== 1 || !COLUMN_SPANS.includes(span as ColumnSpan)) return null;
    columns.push({ id: inner[0]!, span: span as ColumnSpan });
  }
  return columns;
}
