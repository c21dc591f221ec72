/**
 * The controls of the file editors, each bound to a place in the file by its formik path, with a
 * visible label tied to its input, its help, and the messages about that place. Emptying an
 * optional control removes the property: the schemas refuse an empty id or key, not a missing one.
 */
import { Form, Input, InputNumber, Select } from 'antd';
import { getIn, useFormikContext } from 'formik';
import { useId, type ReactNode } from 'react';
import { useEditorTexts } from '../editor-texts.js';
import { useFieldMessages } from './editor-scope.js';

export interface FieldProps {
  /** The formik path of the value, e.g. `rules.0.id`. */
  path: string;
  label: string;
  help?: string;
  /** Whether the schema lets the property be left out (emptying the control removes it). */
  optional?: boolean;
}

export interface Option {
  value: string;
  label: string;
}

/** The value at a path and a way to set it. */
export function useFieldValue<V>(path: string): [V | undefined, (next: V | undefined) => void] {
  const { values, setFieldValue } = useFormikContext();
  return [getIn(values, path) as V | undefined, (next) => void setFieldValue(path, next)];
}

function FieldFrame({ id, path, label, help, children }: { id: string; path: string; label: string; help?: string; children: ReactNode }) {
  const messages = useFieldMessages(path);
  return (
    <Form.Item label={label} htmlFor={id} extra={help} validateStatus={messages.length > 0 ? 'error' : undefined} help={messages.length > 0 ? messages.join('; ') : undefined}>
      {children}
    </Form.Item>
  );
}

export function TextField({ path, label, help, optional, multiline }: FieldProps & { multiline?: boolean }) {
  const id = useId();
  const [value, setValue] = useFieldValue<string>(path);
  const change = (text: string) => setValue(optional && text === '' ? undefined : text);
  return (
    <FieldFrame id={id} path={path} label={label} help={help}>
      {multiline ? (
        <Input.TextArea id={id} value={value ?? ''} autoSize={{ minRows: 2, maxRows: 12 }} onChange={(e) => change(e.target.value)} />
      ) : (
        <Input id={id} value={value ?? ''} onChange={(e) => change(e.target.value)} />
      )}
    </FieldFrame>
  );
}

export function NumberField({ path, label, help, min, max }: FieldProps & { min?: number; max?: number }) {
  const id = useId();
  const [value, setValue] = useFieldValue<number>(path);
  return (
    <FieldFrame id={id} path={path} label={label} help={help}>
      <InputNumber id={id} value={value ?? null} min={min} max={max} onChange={(next) => setValue(typeof next === 'number' ? next : undefined)} />
    </FieldFrame>
  );
}

/** Options with the current value kept even when the catalogue does not list it (an id of another bundle). */
function withCurrent(options: readonly Option[], current: readonly string[]): Option[] {
  const listed = new Set(options.map((option) => option.value));
  return [...options, ...current.filter((value) => !listed.has(value)).map((value) => ({ value, label: value }))];
}

export function SelectField({ path, label, help, optional, options }: FieldProps & { options: readonly Option[] }) {
  const t = useEditorTexts();
  const id = useId();
  const [value, setValue] = useFieldValue<string>(path);
  return (
    <FieldFrame id={id} path={path} label={label} help={help}>
      <Select<string>
        id={id}
        value={value}
        options={withCurrent(options, value === undefined ? [] : [value])}
        placeholder={t('select.placeholder')}
        allowClear={optional}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(next) => setValue(next ?? undefined)}
      />
    </FieldFrame>
  );
}

/**
 * A list of values picked from options; with `free`, values typed in are taken too. With
 * `optional`, emptying the list removes the property.
 */
export function MultiSelectField({ path, label, help, optional, options, free }: FieldProps & { options: readonly Option[]; free?: boolean }) {
  const t = useEditorTexts();
  const id = useId();
  const [value, setValue] = useFieldValue<string[]>(path);
  const current = value ?? [];
  return (
    <FieldFrame id={id} path={path} label={label} help={help}>
      <Select<string[]>
        id={id}
        mode={free ? 'tags' : 'multiple'}
        value={current}
        options={withCurrent(options, current)}
        placeholder={t('select.placeholder')}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(next) => setValue(optional && next.length === 0 ? undefined : next)}
      />
    </FieldFrame>
  );
}

/** Options that are ids, shown as they are. */
export function idOptions(ids: readonly string[]): Option[] {
  return ids.map((id) => ({ value: id, label: id }));
}
