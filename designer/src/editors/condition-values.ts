/**
 * Condition values (`when`, `where`: a record field and the value it must have) typed as text. What
 * reads as JSON is taken as JSON — `true`, `3`, `"3"`, `["p1", "p2"]` — and anything else is the
 * text itself, so `p1` is the string p1 and a string that looks like another type shows quoted.
 */
import type { Condition, FieldValue } from './file-shapes.js';

export type ConditionValue = FieldValue | FieldValue[];

const isFieldValue = (value: unknown): value is FieldValue => typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** The value the text stands for. */
export function parseConditionValue(text: string): ConditionValue {
  const trimmed = text.trim();
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (isFieldValue(parsed)) return parsed;
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(isFieldValue)) return parsed;
  } catch {
    // Not JSON: the text is the value.
  }
  return text;
}

/** The text a value is typed as; parsing it gives the value back. */
export function formatConditionValue(value: ConditionValue): string {
  if (typeof value === 'string') return parseConditionValue(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** The condition with one field's value set (a new field goes last). */
export function withConditionValue<C extends Condition>(condition: C | undefined, field: string, value: C[string]): C {
  return { ...(condition ?? {}), [field]: value } as C;
}

/** The condition with a field renamed where it stands; an empty condition is no condition. */
export function withConditionFieldRenamed<C extends Condition>(condition: C, from: string, to: string): C {
  if (from === to || Object.hasOwn(condition, to)) return condition;
  return Object.fromEntries(Object.entries(condition).map(([field, value]) => [field === from ? to : field, value])) as C;
}

/** The condition without a field; undefined when none is left (the schema's `when` is optional). */
export function withoutConditionField<C extends Condition>(condition: C, field: string): C | undefined {
  const rest = Object.fromEntries(Object.entries(condition).filter(([name]) => name !== field)) as C;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
