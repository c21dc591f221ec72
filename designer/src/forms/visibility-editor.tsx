/**
 * Whether a field is shown always or only while a choice field has some of its values
 * (field-visibility.ts writes the rule). The values are offered with their labels.
 */
import { Form, Radio, Select, Typography } from 'antd';
import { useI18n } from '../../../runtime/web/index.js';
import type { FieldEditorProps } from './field-settings.js';
import { choiceValues, type ChoiceValue } from './field-visibility.js';
import { useFormDesignerTexts } from './form-designer-texts.js';
import { decidingCandidates, fieldOf, mayBeConditional, setVisibility } from './form-fields.js';
import { Labelled } from './labelled.js';
import { optionsOf } from './static-options.js';

export function VisibilityEditor({ form, field, texts, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  const { locale } = useI18n();
  const candidates = decidingCandidates(form, field.id);
  const visibility = field.visibility;
  const isAllowed = visibility !== null || mayBeConditional(form, field.id);
  const labelOf = (id: string) => {
    const title = fieldOf(form, id)?.schema['title'];
    return typeof title === 'string' ? (texts.get(locale, title) ?? id) : id;
  };
  const valueLabel = (id: string, value: ChoiceValue) => {
    const key = optionsOf(fieldOf(form, id)?.schema ?? {}).find((option) => option.value === value)?.titleKey;
    return (key && texts.get(locale, key)) || String(value);
  };
  const show = (deciding: string | null, values: ChoiceValue[]) => onChange(setVisibility(form, field.id, deciding ? { field: deciding, values } : null));

  return (
    <section>
      <Typography.Title level={5}>
        {t('visibility.title')}
      </Typography.Title>
      {!isAllowed ? (
        <Typography.Paragraph type="secondary">{t('visibility.unavailable')}</Typography.Paragraph>
      ) : (
        <>
          <Form.Item>
            <Radio.Group
              aria-label={t('visibility.title')}
              value={visibility ? 'when' : 'always'}
              onChange={(event) => {
                const deciding = candidates[0];
                if (event.target.value === 'always') show(null, []);
                else if (deciding) show(deciding, choiceValues(form, deciding).slice(0, 1));
              }}
            >
              <Radio value="always">{t('visibility.always')}</Radio>
              <Radio value="when" disabled={candidates.length === 0 && !visibility}>
                {t('visibility.when')}
              </Radio>
            </Radio.Group>
            {candidates.length === 0 && !visibility && <Typography.Paragraph type="secondary">{t('visibility.noCandidates')}</Typography.Paragraph>}
          </Form.Item>
          {visibility && (
            <>
              <Labelled label={t('visibility.field')}>
                {(label) => (
                  <Select
                    aria-label={label}
                    style={{ width: '100%' }}
                    value={visibility.field}
                    options={candidates.map((id) => ({ value: id, label: `${labelOf(id)} (${id})` }))}
                    onChange={(deciding: string) => show(deciding, choiceValues(form, deciding).slice(0, 1))}
                  />
                )}
              </Labelled>
              <Labelled label={t('visibility.values')}>
                {(label) => (
                  <Select
                    aria-label={label}
                    mode="multiple"
                    style={{ width: '100%' }}
                    value={visibility.values}
                    options={choiceValues(form, visibility.field).map((value) => ({ value, label: valueLabel(visibility.field, value) }))}
                    onChange={(values: ChoiceValue[]) => values.length > 0 && show(visibility.field, values)}
                  />
                )}
              </Labelled>
            </>
          )}
        </>
      )}
    </section>
  );
}
