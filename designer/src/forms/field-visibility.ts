/**
 * A field shown only when another has one of some values, in JSON Schema that rjsf renders (it
 * shows a `then` branch's properties while its `if` holds) and the server checks the same way:
 *
 *   "allOf": [{ "if": { "properties": { "a": { "const": "x" } }, "required": ["a"] },
 *               "then": { "properties": { "b": { …b's schema } }, "required": ["b"] } }]
 *
 * (`enum` instead of `const` for several values; `required` in `then` when b must be filled while
 * shown). b is declared only there, so the root cannot be closed with `additionalProperties: false`
 * (which sees the root `properties` only): while a form has such fields its closed list of names is
 * `propertyNames: { enum: [every field] }` instead.
 *
 * The server sanitizes rich text, checks person and record references and computes fields from
 * the root `properties` only, so only the kinds in CONDITIONAL_KINDS may be conditional, and the
 * field deciding must be a root choice field.
 */
import { isJsonObject, objectAt, rootProperties, stringsOf, toggleListed, type FormFile, type JsonObject } from './form-file.js';

export type ChoiceValue = string | number;

export interface Visibility {
  /** The root field that decides. */
  field: string;
  /** The field is shown while the deciding field has one of these. */
  values: ChoiceValue[];
}

export interface ConditionalField {
  id: string;
  schema: JsonObject;
  isRequired: boolean;
  visibility: Visibility;
  /** Its rule's index in the root `allOf`. */
  ruleIndex: number;
}

/** Every field declared only in a visibility rule, in rule order. */
export function conditionalFields(schema: JsonObject): ConditionalField[] {
  const root = isJsonObject(schema['properties']) ? schema['properties'] : {};
  const rules = Array.isArray(schema['allOf']) ? schema['allOf'] : [];
  return rules.flatMap((rule: unknown, ruleIndex): ConditionalField[] => {
    const read = readRule(rule);
    return read && !Object.hasOwn(root, read.id) && read.visibility.field !== read.id ? [{ ...read, ruleIndex }] : [];
  });
}

export function conditionalField(form: FormFile, id: string): ConditionalField | undefined {
  return conditionalFields(form.schema).find((field) => field.id === id);
}

/** Root fields whose visibility rules name them as the deciding field. */
export function decidingFields(form: FormFile): Set<string> {
  return new Set(conditionalFields(form.schema).map((field) => field.visibility.field));
}

/**
 * The schema with the field `id` shown on `visibility`, or (null) always. Its schema and whether
 * it is required move with it between the root and its rule.
 */
export function withVisibility(schema: JsonObject, id: string, visibility: Visibility | null): JsonObject {
  const next = structuredClone(schema);
  const current = conditionalFields(next).find((field) => field.id === id);
  const properties = objectAt(next, 'properties');
  const fieldSchema = current?.schema ?? (properties[id] as JsonObject | undefined);
  if (!fieldSchema) return schema;
  const isRequired = current ? current.isRequired : stringsOf(next['required']).includes(id);
  const rules = Array.isArray(next['allOf']) ? (next['allOf'] as unknown[]) : [];
  if (current) rules.splice(current.ruleIndex, 1);
  if (visibility) {
    delete properties[id];
    toggleListed(next, 'required', id, false);
    rules.push(ruleOf(id, fieldSchema, isRequired, visibility));
  } else {
    properties[id] = fieldSchema;
    toggleListed(next, 'required', id, isRequired);
  }
  if (rules.length > 0) next['allOf'] = rules;
  else delete next['allOf'];
  return withClosedNames(next);
}

/** A root closed to unknown fields stays closed: by `additionalProperties` or, with conditional fields, `propertyNames`. */
export function withClosedNames(schema: JsonObject): JsonObject {
  const names = isJsonObject(schema['propertyNames']) ? schema['propertyNames'] : undefined;
  const isClosed = schema['additionalProperties'] === false || Array.isArray(names?.['enum']);
  if (!isClosed) return schema;
  const next = { ...schema };
  const conditional = conditionalFields(next).map((field) => field.id);
  if (conditional.length === 0) {
    delete next['propertyNames'];
    next['additionalProperties'] = false;
  } else {
    delete next['additionalProperties'];
    next['propertyNames'] = { enum: [...Object.keys(isJsonObject(next['properties']) ? next['properties'] : {}), ...conditional] };
  }
  return next;
}

/** The values a root choice field offers (its `oneOf` consts), for a rule to pick from. */
export function choiceValues(form: FormFile, id: string): ChoiceValue[] {
  const field = rootProperties(form)[id];
  const options = isJsonObject(field) && Array.isArray(field['oneOf']) ? field['oneOf'] : [];
  return options.flatMap((option: unknown) => (isJsonObject(option) && (typeof option['const'] === 'string' || typeof option['const'] === 'number') ? [option['const']] : []));
}

/** Changes the schema of a conditional field inside its rule; whether it is required lives there too. */
export function updateConditionalField(schema: JsonObject, id: string, change: (field: JsonObject, then: JsonObject) => JsonObject): JsonObject {
  const found = conditionalFields(schema).find((field) => field.id === id);
  if (!found) return schema;
  const next = structuredClone(schema);
  const then = (next['allOf'] as JsonObject[])[found.ruleIndex]!['then'] as JsonObject;
  const properties = then['properties'] as JsonObject;
  properties[id] = change(properties[id] as JsonObject, then);
  return withClosedNames(next);
}

function ruleOf(id: string, fieldSchema: JsonObject, isRequired: boolean, { field, values }: Visibility): JsonObject {
  const condition = values.length === 1 ? { const: values[0] } : { enum: values };
  return {
    if: { properties: { [field]: condition }, required: [field] },
    then: { properties: { [id]: fieldSchema }, ...(isRequired ? { required: [id] } : {}) },
  };
}

/** A rule the designer writes: an `if` on one field's values, a `then` declaring exactly one field. */
function readRule(rule: unknown): Omit<ConditionalField, 'ruleIndex'> | null {
  if (!isJsonObject(rule) || Object.keys(rule).some((key) => key !== 'if' && key !== 'then')) return null;
  const { if: condition, then } = rule;
  if (!isJsonObject(condition) || !isJsonObject(then) || !isJsonObject(condition['properties']) || !isJsonObject(then['properties'])) return null;
  if (Object.keys(then).some((key) => key !== 'properties' && key !== 'required')) return null;
  const deciding = Object.keys(condition['properties']);
  const shown = Object.keys(then['properties']);
  if (deciding.length !== 1 || shown.length !== 1 || stringsOf(condition['required']).join() !== deciding[0]) return null;
  const values = valuesOf(condition['properties'][deciding[0]!]);
  const fieldSchema = then['properties'][shown[0]!];
  if (!values || !isJsonObject(fieldSchema)) return null;
  const isRequired = stringsOf(then['required']).includes(shown[0]!);
  return { id: shown[0]!, schema: fieldSchema, isRequired, visibility: { field: deciding[0]!, values } };
}

function valuesOf(test: unknown): ChoiceValue[] | null {
  if (!isJsonObject(test) || Object.keys(test).length !== 1) return null;
  const isValue = (value: unknown): value is ChoiceValue => typeof value === 'string' || typeof value === 'number';
  if (isValue(test['const'])) return [test['const']];
  const values = test['enum'];
  return Array.isArray(values) && values.length > 0 && values.every(isValue) ? values : null;
}
