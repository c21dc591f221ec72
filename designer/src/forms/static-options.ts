/**
 * A select with a fixed list: `oneOf` of `{ const, title }`, the title an i18n key, the value a
 * string or (for an integer field) a whole number. rjsf shows it as a select (a radio group with
 * `ui:widget: radio`); a list is never empty (JSON Schema refuses an empty `oneOf`).
 */
import { fieldTextKey } from './field-texts.js';
import { isJsonObject, type JsonObject } from './form-file.js';

export type OptionValue = string | number;

export interface StaticOption {
  value: OptionValue;
  titleKey: string | undefined;
}

export type OptionValueProblem = 'empty' | 'invalid' | 'taken';

export function optionsOf(schema: JsonObject): StaticOption[] {
  const list = Array.isArray(schema['oneOf']) ? schema['oneOf'] : [];
  return list.flatMap((option: unknown): StaticOption[] => {
    if (!isJsonObject(option) || (typeof option['const'] !== 'string' && typeof option['const'] !== 'number')) return [];
    return [{ value: option['const'], titleKey: typeof option['title'] === 'string' ? option['title'] : undefined }];
  });
}

export function withOptions(schema: JsonObject, options: readonly StaticOption[]): JsonObject {
  return { ...schema, oneOf: options.map(({ value, titleKey }) => ({ const: value, ...(titleKey ? { title: titleKey } : {}) })) };
}

const isInteger = (schema: JsonObject) => schema['type'] === 'integer';

/** A new option with a value no other has (`option2`, or the next whole number) and its own text key. */
export function newOption(schema: JsonObject, formId: string, fieldId: string): StaticOption {
  const values = optionsOf(schema).map((option) => option.value);
  let value: OptionValue;
  if (isInteger(schema)) value = Math.max(0, ...values.filter((v): v is number => typeof v === 'number')) + 1;
  else {
    let n = values.length + 1;
    while (values.includes(`option${n}`)) n += 1;
    value = `option${n}`;
  }
  return { value, titleKey: fieldTextKey(formId, fieldId, 'option', String(value)) };
}

/** What an admin typed as an option's value, as the field's type has it; null when it is not one. */
export function parseOptionValue(schema: JsonObject, text: string): OptionValue | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  if (!isInteger(schema)) return trimmed;
  return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : null;
}

/** What is wrong with `text` as the value of the option at `index`, or null. */
export function optionValueProblem(schema: JsonObject, index: number, text: string): OptionValueProblem | null {
  if (text.trim().length === 0) return 'empty';
  const value = parseOptionValue(schema, text);
  if (value === null) return 'invalid';
  return optionsOf(schema).some((option, i) => i !== index && option.value === value) ? 'taken' : null;
}
