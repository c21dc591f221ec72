/**
 * The editor of a draft's form file (forms/*.json): fields added, ordered and removed by drag and
 * drop, each field's settings, the file as JSON, and a live preview rendered by the portal's own
 * form renderer in either language. Every edit hands the whole new file to `onChange`; texts go
 * to the bundle's i18n files through `texts`, under keys named after the form and field.
 */
import { Alert, Col, Empty, Form, Row, Select, Tabs } from 'antd';
import { useId, useState } from 'react';
import { LOCALES, useI18n } from '../../../runtime/web/index.js';
import type { BundleTexts, JsonFileEditorProps } from '../draft/draft-model.js';
import { BilingualText } from './bilingual-text.js';
import { FieldBoard } from './field-board.js';
import type { FieldKind } from './field-kinds.js';
import { FieldSettings } from './field-settings.js';
import { fieldTextKey, unusedKey } from './field-texts.js';
import { en, useFormDesignerTexts, zhCN } from './form-designer-texts.js';
import type { FormFile } from './form-file.js';
import { addField, computeSources, fieldOf, fieldsOf, kindContextOf, newFieldId, orphanedTextKeys, removeField, setFieldKind, type FieldView } from './form-fields.js';
import { moveField } from './form-layout.js';
import { FormJsonEditor } from './form-json-editor.js';
import { FormPreview } from './form-preview.js';
import { optionsOf } from './static-options.js';

export type { FormFile } from './form-file.js';

const OWN_TEXTS = { en, 'zh-CN': zhCN } as const;

/** A field's texts that have none yet get the kind's name (its label) and "Option n" (its options), in both languages. */
function seedTexts(form: FormFile, id: string, texts: BundleTexts): void {
  const field = fieldOf(form, id);
  if (!field || field.kind === 'other') return;
  const title = field.schema['title'];
  for (const locale of LOCALES) {
    if (typeof title === 'string' && !texts.get(locale, title)) texts.set(locale, title, OWN_TEXTS[locale][`kind.${field.kind}`]);
    optionsOf(field.schema).forEach((option, i) => {
      if (option.titleKey && !texts.get(locale, option.titleKey)) texts.set(locale, option.titleKey, OWN_TEXTS[locale]['options.default'].replace('{n}', String(i + 1)));
    });
  }
}

export function FormDesigner({ path, value, onChange, catalogue, texts, problems }: JsonFileEditorProps<FormFile>) {
  const t = useFormDesignerTexts();
  const { locale } = useI18n();
  const fields = fieldsOf(value);
  const [chosen, setChosen] = useState<string | null>(fields[0]?.id ?? null);
  const selected = chosen !== null && fields.some((field) => field.id === chosen) ? chosen : null;
  const recordTypes = catalogue.recordTypes.map((type) => type.id);
  /** Why a kind cannot be added now (or given to the field `id`): a record picker needs a record type, a computed field a field to compute from. */
  const unavailableKinds = (id?: string): Partial<Record<FieldKind, string>> => ({
    ...(recordTypes.length === 0 ? { record: t('palette.noRecordType') } : {}),
    ...(computeSources(value).every((source) => source === id) ? { computed: t('palette.noComputeSource') } : {}),
  });

  const add = (kind: FieldKind, at?: number) => {
    const id = newFieldId(value, kind);
    const next = addField(value, kind, id, unusedKey(value, fieldTextKey(value.id, id)), kindContextOf(value, id, recordTypes), at);
    onChange(next);
    seedTexts(next, id, texts);
    setChosen(id);
  };
  /** Writes a change of the field `id`; the texts made for it that the form no longer names go (keys shared with other fields or forms stay). */
  const changeField = (id: string, next: FormFile) => {
    onChange(next);
    for (const key of orphanedTextKeys(value, next, id)) for (const language of LOCALES) texts.set(language, key, '');
  };
  const remove = (id: string) => changeField(id, removeField(value, id));
  const changeKind = (id: string, kind: FieldKind) => {
    const next = setFieldKind(value, id, kind, kindContextOf(value, id, recordTypes));
    changeField(id, next);
    seedTexts(next, id, texts);
  };
  const labelOf = (field: FieldView) => {
    const title = field.schema['title'];
    return (typeof title === 'string' && texts.get(locale, title)) || field.id;
  };
  const selectedField = selected ? fieldOf(value, selected) : undefined;

  const design = (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={11}>
        <FieldBoard fields={fields} selected={selected} unavailableKinds={unavailableKinds()} labelOf={labelOf} onSelect={setChosen} onAdd={add} onMove={(from, to) => onChange(moveField(value, from, to))} onRemove={remove} />
      </Col>
      <Col xs={24} lg={13}>
        {selectedField ? (
          <FieldSettings
            form={value}
            field={selectedField}
            texts={texts}
            catalogue={catalogue}
            problems={problems}
            unavailableKinds={unavailableKinds(selectedField.id)}
            onChange={onChange}
            onKindChange={(kind) => changeKind(selectedField.id, kind)}
            onRenamed={setChosen}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.none')} />
        )}
      </Col>
    </Row>
  );

  return (
    <div className="fd-form-designer" data-form-id={value.id}>
      <FormSettings value={value} onChange={onChange} texts={texts} recordTypes={recordTypes} problemCount={problems.length} />
      <Row gutter={[24, 16]}>
        <Col xs={24} xxl={15}>
          <Tabs
            items={[
              { key: 'design', label: t('tab.design'), children: design },
              { key: 'json', label: t('tab.json'), children: <FormJsonEditor value={value} onChange={onChange} /> },
            ]}
          />
        </Col>
        <Col xs={24} xxl={9}>
          <FormPreview form={value} texts={texts} bundle={catalogue.bundle} path={path} />
        </Col>
      </Row>
    </div>
  );
}

/** The form's own title and record type, and how many problems the last check found in it. */
function FormSettings({ value, onChange, texts, recordTypes, problemCount }: { value: FormFile; onChange(next: FormFile): void; texts: BundleTexts; recordTypes: string[]; problemCount: number }) {
  const t = useFormDesignerTexts();
  const recordTypeId = useId();
  const choices = value.recordType && !recordTypes.includes(value.recordType) ? [value.recordType, ...recordTypes] : recordTypes;
  return (
    <Form layout="vertical" component={false}>
      {problemCount > 0 && <Alert type="warning" showIcon title={t('form.problems', { count: problemCount })} style={{ marginBottom: 12 }} />}
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item label={t('form.title')}>
            <BilingualText what={t('form.title')} textKey={value.titleKey} keyToWrite={() => value.titleKey} texts={texts} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item label={t('form.recordType')} htmlFor={recordTypeId}>
            <Select
              id={recordTypeId}
              aria-label={t('form.recordType')}
              allowClear
              placeholder={t('form.recordType.none')}
              value={value.recordType ?? null}
              options={choices.map((id) => ({ value: id, label: id }))}
              onChange={(recordType: string | null | undefined) => {
                const { recordType: _dropped, ...rest } = value;
                onChange(recordType ? { ...rest, recordType } : rest);
              }}
            />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
