/**
 * Where a field's choices come from: a GET of our own API (`x-flowdesk-options`), the record type
 * a record picker searches (`x-flowdesk-ref: record:<type>`), or whom a person picker offers
 * (`person` or `user`). The rules are the bundle validator's (engine/bundle/schema-validator.ts).
 */
import { Form, Segmented, Select, Typography } from 'antd';
import { useId } from 'react';
import type { DraftCatalogue } from '../draft/draft-model.js';
import { CheckedInput } from './checked-input.js';
import { useFormDesignerTexts } from './form-designer-texts.js';
import { Labelled } from './labelled.js';
import { isJsonObject } from './form-file.js';
import { updateFieldSchema } from './form-fields.js';
import type { FieldEditorProps } from './field-settings.js';

const OPTIONS = 'x-flowdesk-options';
const REFERENCE = 'x-flowdesk-ref';
/** As the bundle validator has it: one leading `/`, no `..`, `//`, backslash or `%` before the query. */
const SAFE_PATH = /^\/(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._~/-]*(\?[A-Za-z0-9._~=&%+,:-]*)?$/;
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const SOURCE_PROPERTIES = ['itemsAt', 'value', 'label', 'searchParam'] as const;
const OPTIONAL = new Set<string>(['itemsAt', 'searchParam']);

export function OptionsSourceEditor({ form, field, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  const source = isJsonObject(field.schema[OPTIONS]) ? field.schema[OPTIONS] : {};
  const write = (property: string, text: string) =>
    onChange(
      updateFieldSchema(form, field.id, (schema) => {
        const next = { ...source };
        if (text === '' && OPTIONAL.has(property)) delete next[property];
        else next[property] = text;
        return { ...schema, [OPTIONS]: next };
      }),
    );
  const propertyProblem = (property: string) => (text: string) => (text === '' && OPTIONAL.has(property)) || PROPERTY_NAME.test(text) ? null : t('source.propertyInvalid');
  return (
    <section>
      <Typography.Title level={5}>
        {t('source.title')}
      </Typography.Title>
      <Labelled label={t('source.path')}>
        {(label) => <CheckedInput label={label} isCode value={String(source['path'] ?? '')} problemOf={(text) => (SAFE_PATH.test(text) && text.length <= 500 ? null : t('source.pathInvalid'))} onCommit={(text) => write('path', text)} />}
      </Labelled>
      {SOURCE_PROPERTIES.map((property) => (
        <Labelled key={property} label={t(`source.${property}`)}>
          {(label) => <CheckedInput label={label} isCode value={String(source[property] ?? '')} problemOf={propertyProblem(property)} onCommit={(text) => write(property, text)} />}
        </Labelled>
      ))}
    </section>
  );
}

export function RecordTypeEditor({ form, field, catalogue, onChange }: FieldEditorProps & { catalogue: DraftCatalogue }) {
  const t = useFormDesignerTexts();
  const id = useId();
  const reference = String(field.schema[REFERENCE] ?? '');
  const current = reference.startsWith('record:') ? reference.slice('record:'.length) : '';
  // The draft's record types, and the one the field names if it is another bundle's.
  const choices = [...new Set([...catalogue.recordTypes.map((type) => type.id), ...(current ? [current] : [])])];
  return (
    <Form.Item label={t('reference.recordType')} htmlFor={id}>
      <Select
        id={id}
        aria-label={t('reference.recordType')}
        value={current || null}
        options={choices.map((type) => ({ value: type, label: type }))}
        onChange={(type: string) => onChange(updateFieldSchema(form, field.id, (schema) => ({ ...schema, [REFERENCE]: `record:${type}` })))}
      />
    </Form.Item>
  );
}

export function PersonKindEditor({ form, field, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  return (
    <Form.Item label={t('reference.who')}>
      <Segmented
        aria-label={t('reference.who')}
        value={field.schema[REFERENCE] === 'user' ? 'user' : 'person'}
        options={[
          { value: 'person', label: t('reference.person') },
          { value: 'user', label: t('reference.user') },
        ]}
        onChange={(value) => onChange(updateFieldSchema(form, field.id, (schema) => ({ ...schema, [REFERENCE]: value })))}
      />
    </Form.Item>
  );
}
