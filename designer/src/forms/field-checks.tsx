/**
 * What a field's value must satisfy beyond being filled: bounds of a number, lengths and a pattern
 * of a text, how many files. Written as the JSON Schema keywords the browser and the server both
 * check; an emptied bound goes.
 */
import { InputNumber, Typography } from 'antd';
import type { FieldKind } from './field-kinds.js';
import type { FieldEditorProps } from './field-settings.js';
import { CheckedInput } from './checked-input.js';
import { useFormDesignerTexts, type FormDesignerTextKey } from './form-designer-texts.js';
import { updateFieldSchema } from './form-fields.js';
import { Labelled } from './labelled.js';

type Bound = 'minimum' | 'maximum' | 'minLength' | 'maxLength' | 'maxItems';

const BOUNDS: Partial<Record<FieldKind, readonly Bound[]>> = {
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  text: ['minLength', 'maxLength'],
  textarea: ['minLength', 'maxLength'],
  richText: ['minLength', 'maxLength'],
  file: ['maxItems'],
};
const HAS_PATTERN = new Set<FieldKind | 'other'>(['text', 'textarea']);
/** Bounds that count (characters, files) are whole numbers from 0. */
const IS_COUNT: ReadonlySet<Bound> = new Set(['minLength', 'maxLength', 'maxItems']);

/** The message of a pattern the browser cannot compile as ajv does (with the `u` flag), or null. */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function FieldChecks({ form, field, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  const bounds = field.kind === 'other' ? [] : (BOUNDS[field.kind] ?? []);
  if (bounds.length === 0 && !HAS_PATTERN.has(field.kind)) return null;
  const write = (keyword: string, value: unknown) =>
    onChange(
      updateFieldSchema(form, field.id, (schema) => {
        if (value === null || value === '') delete schema[keyword];
        else schema[keyword] = value;
        return schema;
      }),
    );
  return (
    <section>
      <Typography.Title level={5}>
        {t('checks.title')}
      </Typography.Title>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        {bounds.map((bound) => (
          <Labelled key={bound} label={t(`checks.${bound}` as FormDesignerTextKey)}>
            {(label) => (
              <InputNumber
                aria-label={label}
                value={typeof field.schema[bound] === 'number' ? (field.schema[bound] as number) : null}
                min={IS_COUNT.has(bound) ? 0 : undefined}
                precision={IS_COUNT.has(bound) || field.kind === 'integer' ? 0 : undefined}
                onChange={(value) => write(bound, value)}
              />
            )}
          </Labelled>
        ))}
      </div>
      {HAS_PATTERN.has(field.kind) && (
        <Labelled label={t('checks.pattern')}>
          {(label) => (
            <CheckedInput
              label={label}
              isCode
              value={typeof field.schema['pattern'] === 'string' ? field.schema['pattern'] : ''}
              problemOf={(text) => {
                const problem = text === '' ? null : patternProblem(text);
                return problem ? t('checks.patternInvalid', { message: problem }) : null;
              }}
              onCommit={(text) => write('pattern', text)}
            />
          )}
        </Labelled>
      )}
    </section>
  );
}
