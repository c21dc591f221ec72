/**
 * The fields of a form as the designer lists them, and the changes an admin makes to them: add
 * one of a kind, remove, rename, make required, change its schema or kind, show it on a condition.
 * A change keeps what refers to the field in step: the order and grid, its uiSchema, the rules
 * that show or require fields, computed fields computed from it, the closed list of names.
 */
import { CONDITIONAL_KINDS, CONDITIONAL_WIDGETS, kindOf, newFieldSchema, type FieldKind, type KindContext } from './field-kinds.js';
import { editable, FORBIDDEN_KEYS, isJsonObject, objectAt, renameKey, rootProperties, stringsOf, toggleListed, type FormFile, type JsonObject } from './form-file.js';
import { fieldTextKey, fieldTextKeys, isFieldsOwnKey, textKeysOf, unusedKey } from './field-texts.js';
import { columnSpans, fieldOrder, withLayout } from './form-layout.js';
import { conditionalField, conditionalFields, decidingFields, updateConditionalField, withClosedNames, withVisibility, type Visibility } from './field-visibility.js';

export interface FieldView {
  id: string;
  kind: FieldKind | 'other';
  schema: JsonObject;
  ui: JsonObject;
  isRequired: boolean;
  /** Null: always shown. */
  visibility: Visibility | null;
}

/** engine/bundle/schemas/common.schema.ts FieldName: what a record field may be called, so form data can land in one. */
export const FIELD_ID = /^[A-Za-z][A-Za-z0-9_]*$/;
const MAX_FIELD_ID = 100;

export type FieldIdProblem = 'empty' | 'invalid' | 'taken';

export function fieldsOf(form: FormFile): FieldView[] {
  return fieldOrder(form).map((id) => fieldOf(form, id)!);
}

export function fieldOf(form: FormFile, id: string): FieldView | undefined {
  const ui = isJsonObject(form.uiSchema?.[id]) ? form.uiSchema[id] : {};
  const conditional = conditionalField(form, id);
  if (conditional) return { id, kind: kindOf(conditional.schema, ui), schema: conditional.schema, ui, isRequired: conditional.isRequired, visibility: conditional.visibility };
  const schema = rootProperties(form)[id];
  if (!isJsonObject(schema)) return undefined;
  return { id, kind: kindOf(schema, ui), schema, ui, isRequired: stringsOf(form.schema['required']).includes(id), visibility: null };
}

/** What is wrong with `id` as the name of a field (`ownId`: the field being renamed), or null. */
export function fieldIdProblem(form: FormFile, id: string, ownId?: string): FieldIdProblem | null {
  if (id.length === 0) return 'empty';
  if (!FIELD_ID.test(id) || id.length > MAX_FIELD_ID || FORBIDDEN_KEYS.has(id)) return 'invalid';
  return id !== ownId && fieldOrder(form).includes(id) ? 'taken' : null;
}

/** A free id for a new field of `kind`: `text1`, `text2`, … */
export function newFieldId(form: FormFile, kind: FieldKind): string {
  const taken = new Set(fieldOrder(form));
  let n = 1;
  while (taken.has(`${kind}${n}`)) n += 1;
  return `${kind}${n}`;
}

/** The fields a computed field may be computed from: root fields that are not computed themselves. */
export function computeSources(form: FormFile): string[] {
  return Object.entries(rootProperties(form)).flatMap(([id, schema]) => (isJsonObject(schema) && kindOf(schema, undefined) !== 'computed' ? [id] : []));
}

/** What a new field `id` starts from: the form's own record type (else the draft's first), a field to compute from, its first option's key. */
export function kindContextOf(form: FormFile, id: string, recordTypes: readonly string[]): KindContext {
  const recordType = form.recordType && recordTypes.includes(form.recordType) ? form.recordType : recordTypes[0];
  const computeFrom = computeSources(form).find((source) => source !== id);
  return { firstOptionKey: unusedKey(form, fieldTextKey(form.id, id, 'option', 'option1')), ...(recordType ? { recordType } : {}), ...(computeFrom ? { computeFrom } : {}) };
}

/** The form with a new field `id` of `kind` titled by `titleKey`, at `at` of the order (default: last). */
export function addField(form: FormFile, kind: FieldKind, id: string, titleKey: string, context: KindContext, at?: number): FormFile {
  const next = editable(form);
  const { schema, ui } = newFieldSchema(kind, context);
  objectAt(next.schema, 'properties')[id] = { title: titleKey, ...schema };
  if (next.schema['type'] === undefined) next.schema['type'] = 'object';
  if (Object.keys(ui).length > 0) next.uiSchema[id] = ui;
  const order = fieldOrder(form);
  order.splice(at ?? order.length, 0, id);
  const spans = columnSpans(form);
  return withLayout({ ...next, schema: withClosedNames(next.schema) }, order, spans);
}

/** The keys the designer made for the field `id` that it named `before` and the form no longer names `after` (removed, or its options changed): their texts can go. */
export function orphanedTextKeys(before: FormFile, after: FormFile, id: string): string[] {
  const field = fieldOf(before, id);
  const stillUsed = new Set(textKeysOf(after));
  return (field ? fieldTextKeys(field.schema) : []).filter((key) => isFieldsOwnKey(key, before.id, id) && !stillUsed.has(key));
}

export function removeField(form: FormFile, id: string): FormFile {
  // The fields it decides are shown always from now on.
  let freed = form;
  for (const shown of conditionalFields(form.schema).filter((field) => field.visibility.field === id)) freed = setVisibility(freed, shown.id, null);
  const next = editable(freed);
  const rule = conditionalField(next, id);
  if (rule) (next.schema['allOf'] as unknown[]).splice(rule.ruleIndex, 1);
  if (Array.isArray(next.schema['allOf']) && next.schema['allOf'].length === 0) delete next.schema['allOf'];
  // A rule whose `if` names the field is left to never hold; what it declares or requires goes.
  for (const node of subschemas(next.schema, ['then', 'else'])) {
    if (isJsonObject(node['properties'])) delete node['properties'][id];
    toggleListed(node, 'required', id, false);
  }
  forEachComputed(next.schema, (computed) => {
    if (!stringsOf(computed['from']).includes(id)) return;
    computed['from'] = stringsOf(computed['from']).filter((name) => name !== id);
    computed['table'] = {};
  });
  delete next.uiSchema[id];
  const spans = columnSpans(form);
  spans?.delete(id);
  const order = fieldOrder(form).filter((name) => name !== id);
  return withLayout({ ...next, schema: withClosedNames(next.schema) }, order, spans);
}

/** The form with the field `from` called `to` wherever the form names it. */
export function renameField(form: FormFile, from: string, to: string): FormFile {
  if (from === to || fieldIdProblem(form, to, from) !== null) return form;
  const next = editable(form);
  for (const node of subschemas(next.schema, ['if', 'then', 'else'])) {
    if (isJsonObject(node['properties'])) node['properties'] = renameKey(node['properties'], from, to);
    if (Array.isArray(node['required'])) node['required'] = stringsOf(node['required']).map((name) => (name === from ? to : name));
  }
  forEachComputed(next.schema, (computed) => {
    computed['from'] = stringsOf(computed['from']).map((name) => (name === from ? to : name));
  });
  const uiSchema = renameKey(next.uiSchema, from, to);
  if (uiSchema['ui:layoutGrid'] !== undefined) uiSchema['ui:layoutGrid'] = renamedInGrid(uiSchema['ui:layoutGrid'], from, to);
  const spans = columnSpans(form);
  if (spans) spans.set(to, spans.get(from)!);
  const order = fieldOrder(form).map((name) => (name === from ? to : name));
  return withLayout({ ...next, uiSchema, schema: withClosedNames(next.schema) }, order, spans);
}

/** The form with the schema of `id` changed by `change` (given a copy), wherever the field lives. */
export function updateFieldSchema(form: FormFile, id: string, change: (schema: JsonObject) => JsonObject): FormFile {
  if (conditionalField(form, id)) return { ...form, schema: updateConditionalField(form.schema, id, (schema) => change(structuredClone(schema))) };
  const current = rootProperties(form)[id];
  if (!isJsonObject(current)) return form;
  const next = editable(form);
  objectAt(next.schema, 'properties')[id] = change(structuredClone(current));
  return next;
}

/** The form with the uiSchema of `id` changed by `change` (given a copy); an emptied one goes. */
export function updateFieldUi(form: FormFile, id: string, change: (ui: JsonObject) => JsonObject): FormFile {
  const next = editable(form);
  const ui = change(isJsonObject(next.uiSchema[id]) ? next.uiSchema[id] : {});
  if (Object.keys(ui).length > 0) next.uiSchema[id] = ui;
  else delete next.uiSchema[id];
  return next;
}

export function setRequired(form: FormFile, id: string, isRequired: boolean): FormFile {
  if (conditionalField(form, id)) {
    const schema = updateConditionalField(form.schema, id, (field, then) => {
      toggleListed(then, 'required', id, isRequired);
      return field;
    });
    return { ...form, schema };
  }
  const next = editable(form);
  toggleListed(next.schema, 'required', id, isRequired);
  return next;
}

/** The field made a new `kind`: a fresh schema of that kind, keeping its title and help text. */
export function setFieldKind(form: FormFile, id: string, kind: FieldKind, context: KindContext): FormFile {
  const field = fieldOf(form, id);
  if (!field || field.kind === kind) return form;
  const fresh = newFieldSchema(kind, context);
  const kept = Object.fromEntries(['title', 'description'].filter((keyword) => field.schema[keyword] !== undefined).map((keyword) => [keyword, field.schema[keyword]]));
  let next = field.visibility && !CONDITIONAL_KINDS.has(kind) ? setVisibility(form, id, null) : form;
  next = updateFieldSchema(next, id, () => ({ ...kept, ...fresh.schema }));
  next = updateFieldUi(next, id, (ui) => {
    delete ui['ui:widget'];
    return { ...ui, ...fresh.ui };
  });
  return withConditionalWidget(next, id);
}

/** Whether `id` may be shown on a condition: a kind the server handles anywhere, deciding no other field and no computed one. */
export function mayBeConditional(form: FormFile, id: string): boolean {
  const field = fieldOf(form, id);
  if (!field || !CONDITIONAL_KINDS.has(field.kind) || decidingFields(form).has(id)) return false;
  const computedFrom: string[] = [];
  forEachComputed(form.schema, (computed) => computedFrom.push(...stringsOf(computed['from'])));
  return !computedFrom.includes(id);
}

/** The root choice fields that may decide whether `id` is shown. */
export function decidingCandidates(form: FormFile, id: string): string[] {
  return fieldsOf(form).flatMap((field) => (field.id !== id && field.visibility === null && field.kind === 'select' ? [field.id] : []));
}

/** The field shown on `visibility`, or (null) always. */
export function setVisibility(form: FormFile, id: string, visibility: Visibility | null): FormFile {
  if (visibility && (visibility.values.length === 0 || !mayBeConditional(form, id))) return form;
  // Moving between the root and a rule must not move it in the order.
  const placed = withLayout({ ...form, schema: withVisibility(form.schema, id, visibility) }, fieldOrder(form), columnSpans(form));
  return withConditionalWidget(placed, id);
}

/**
 * The portal picks Flowdesk widgets from the root `properties` only: a conditional field names
 * its widget in the uiSchema, and the designer's own name goes again once it is back at the root.
 */
function withConditionalWidget(form: FormFile, id: string): FormFile {
  const field = fieldOf(form, id);
  if (!field || field.kind === 'other') return form;
  const widget = CONDITIONAL_WIDGETS[field.kind];
  const ownWidgets = new Set(Object.values(CONDITIONAL_WIDGETS));
  return updateFieldUi(form, id, (ui) => {
    if (field.visibility && widget) return { ...ui, 'ui:widget': widget };
    if (ownWidgets.has(ui['ui:widget'] as string)) delete ui['ui:widget'];
    return ui;
  });
}

/** The schema objects that name fields: the root, and the `branches` (if, then, else) of it and of each `allOf` entry. */
function subschemas(schema: JsonObject, branchKeywords: readonly string[]): JsonObject[] {
  const holders = [schema, ...(Array.isArray(schema['allOf']) ? schema['allOf'].filter(isJsonObject) : [])];
  const branches = holders.flatMap((holder) => branchKeywords.map((keyword) => holder[keyword]).filter(isJsonObject));
  return [schema, ...branches];
}

function forEachComputed(schema: JsonObject, visit: (computed: JsonObject) => void): void {
  for (const property of Object.values(isJsonObject(schema['properties']) ? schema['properties'] : {})) {
    if (isJsonObject(property) && isJsonObject(property['x-flowdesk-computed'])) visit(property['x-flowdesk-computed']);
  }
}

/** A hand-written grid with the field `from` named `to` (a grid names fields by plain strings and `name`s). */
function renamedInGrid(node: unknown, from: string, to: string): unknown {
  if (node === from) return to;
  if (Array.isArray(node)) return node.map((item) => renamedInGrid(item, from, to));
  if (!isJsonObject(node)) return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, renamedInGrid(value, from, to)]));
}
