/**
 * Everything about the selected field: its id, type, label and help in both languages, whether
 * it is required, its options or source, its checks, its width and when it is shown. Each section
 * writes the form file through the pure changes of form-fields.ts.
 */
import { Alert, Divider, Form, Segmented, Select, Switch, Typography } from 'antd';
import { useId } from 'react';
import type { BundleTexts, DraftCatalogue, DraftProblem } from '../draft/draft-model.js';
import { BilingualText } from './bilingual-text.js';
import { CheckedInput } from './checked-input.js';
import { ComputedRuleEditor } from './computed-rule-editor.js';
import { FieldChecks } from './field-checks.js';
import { FIELD_KINDS, type FieldKind } from './field-kinds.js';
import { problemsOfField } from './field-problems.js';
import { OptionsSourceEditor, PersonKindEditor, RecordTypeEditor } from './field-source-editors.js';
import { fieldTextKey, isTextKey, unusedKey } from './field-texts.js';
import { useFormDesignerTexts } from './form-designer-texts.js';
import type { FormFile } from './form-file.js';
import { fieldIdProblem, renameField, setRequired, updateFieldSchema, updateFieldUi, type FieldView } from './form-fields.js';
import { COLUMN_SPANS, columnSpans, setColumnSpan, type ColumnSpan } from './form-layout.js';
import { StaticOptionsEditor } from './static-options-editor.js';
import { VisibilityEditor } from './visibility-editor.js';

/** What each part of the settings gets. */
export interface FieldEditorProps {
  form: FormFile;
  field: FieldView;
  texts: BundleTexts;
  onChange(next: FormFile): void;
}

export interface FieldSettingsProps extends FieldEditorProps {
  catalogue: DraftCatalogue;
  problems: DraftProblem[];
  unavailableKinds: Partial<Record<FieldKind, string>>;
  onKindChange(kind: FieldKind): void;
  onRenamed(id: string): void;
}

export function FieldSettings(props: FieldSettingsProps) {
  const { form, field, texts, onChange, problems, unavailableKinds, onKindChange, onRenamed } = props;
  const t = useFormDesignerTexts();
  const kindId = useId();
  const heading = useId();
  const ownProblems = problemsOfField(problems, field.id);
  /** The key of the field's title or help, made and written into the field first when it has none. */
  const keyOf = (keyword: 'title' | 'description', ...parts: string[]) => () => {
    const current = field.schema[keyword];
    if (isTextKey(current)) return current;
    const key = unusedKey(form, fieldTextKey(form.id, field.id, ...parts));
    onChange(updateFieldSchema(form, field.id, (schema) => ({ ...schema, [keyword]: key })));
    return key;
  };
  const textKey = (keyword: string) => (isTextKey(field.schema[keyword]) ? (field.schema[keyword] as string) : undefined);

  return (
    <section aria-labelledby={heading} data-field-settings={field.id}>
      <Typography.Title level={4} id={heading}>
        {t('settings.title', { id: field.id })}
      </Typography.Title>
      {ownProblems.map((problem, i) => (
        <Alert key={i} type={problem.severity === 'warning' ? 'warning' : 'error'} showIcon title={problem.message} style={{ marginBottom: 8 }} />
      ))}
      <Form layout="vertical" component={false}>
        <Form.Item label={t('settings.id')}>
          <CheckedInput
            label={t('settings.id')}
            value={field.id}
            isCode
            commitOn="blur"
            problemOf={(text) => {
              const problem = fieldIdProblem(form, text, field.id);
              return problem ? t(`settings.id.${problem}`) : null;
            }}
            onCommit={(text) => {
              onChange(renameField(form, field.id, text));
              onRenamed(text);
            }}
          />
        </Form.Item>
        <Form.Item label={t('settings.kind')} htmlFor={kindId}>
          <Select
            id={kindId}
            aria-label={t('settings.kind')}
            value={field.kind}
            disabled={field.kind === 'other'}
            options={[...FIELD_KINDS, ...(field.kind === 'other' ? (['other'] as const) : [])].map((kind) => ({ value: kind, label: t(`kind.${kind}`), disabled: kind !== 'other' && unavailableKinds[kind] !== undefined }))}
            onChange={(kind) => kind !== 'other' && onKindChange(kind)}
          />
        </Form.Item>
        {field.kind === 'other' && <Typography.Paragraph type="secondary">{t('settings.otherKind')}</Typography.Paragraph>}
        <Form.Item label={t('settings.label')}>
          <BilingualText what={t('settings.label')} textKey={textKey('title')} keyToWrite={keyOf('title')} texts={texts} />
        </Form.Item>
        <Form.Item label={t('settings.help')}>
          <BilingualText what={t('settings.help')} textKey={textKey('description')} keyToWrite={keyOf('description', 'help')} texts={texts} isMultiline />
        </Form.Item>
        <Form.Item label={t('settings.required')}>
          <Switch aria-label={t('settings.required')} checked={field.isRequired} onChange={(isRequired) => onChange(setRequired(form, field.id, isRequired))} />
        </Form.Item>
        <KindSettings {...props} />
        <FieldChecks form={form} field={field} texts={texts} onChange={onChange} />
        <Divider />
        <LayoutSettings form={form} field={field} texts={texts} onChange={onChange} />
        <Divider />
        <VisibilityEditor form={form} field={field} texts={texts} onChange={onChange} />
      </Form>
    </section>
  );
}

function KindSettings(props: FieldSettingsProps) {
  const editor = { form: props.form, field: props.field, texts: props.texts, onChange: props.onChange };
  switch (props.field.kind) {
    case 'select':
      return <StaticOptionsEditor {...editor} />;
    case 'options':
      return <OptionsSourceEditor {...editor} />;
    case 'record':
      return <RecordTypeEditor {...editor} catalogue={props.catalogue} />;
    case 'person':
      return <PersonKindEditor {...editor} />;
    case 'computed':
      return <ComputedRuleEditor {...editor} />;
    default:
      return null;
  }
}

function LayoutSettings({ form, field, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  const spans = columnSpans(form);
  const display = field.ui['ui:widget'] === 'radio' ? 'radio' : 'select';
  return (
    <section>
      <Typography.Title level={5}>
        {t('layout.title')}
      </Typography.Title>
      <Form.Item label={t('layout.width')}>
        {spans ? (
          <Segmented
            aria-label={t('layout.width')}
            value={spans.get(field.id) ?? 24}
            options={COLUMN_SPANS.map((span) => ({ value: span, label: t(`layout.width.${span}`) }))}
            onChange={(span) => onChange(setColumnSpan(form, field.id, span as ColumnSpan))}
          />
        ) : (
          <Typography.Paragraph type="secondary">{t('layout.custom')}</Typography.Paragraph>
        )}
      </Form.Item>
      {field.kind === 'select' && (
        <Form.Item label={t('layout.display')}>
          <Segmented
            aria-label={t('layout.display')}
            value={display}
            options={[
              { value: 'select', label: t('layout.display.select') },
              { value: 'radio', label: t('layout.display.radio') },
            ]}
            onChange={(value) =>
              onChange(
                updateFieldUi(form, field.id, (ui) => {
                  if (value === 'radio') ui['ui:widget'] = 'radio';
                  else delete ui['ui:widget'];
                  return ui;
                }),
              )
            }
          />
        </Form.Item>
      )}
    </section>
  );
}
