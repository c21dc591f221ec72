/**
 * The fixed options of a choice field: each a value and a label in both languages, added,
 * removed and moved here. The label keys are made per option (`form.<form>.<field>.option.<value>`)
 * unless an option has one already.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { LOCALES } from '../../../runtime/web/index.js';
import { BilingualText } from './bilingual-text.js';
import { CheckedInput } from './checked-input.js';
import { en, useFormDesignerTexts, zhCN } from './form-designer-texts.js';
import { orphanedTextKeys, updateFieldSchema } from './form-fields.js';
import { fieldTextKey, isTextKey, unusedKey } from './field-texts.js';
import type { FieldEditorProps } from './field-settings.js';
import { newOption, optionValueProblem, optionsOf, parseOptionValue, withOptions, type StaticOption } from './static-options.js';

const DEFAULT_LABEL = { en: en['options.default'], 'zh-CN': zhCN['options.default'] } as const;

export function StaticOptionsEditor({ form, field, texts, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  const options = optionsOf(field.schema);
  const write = (next: StaticOption[]) => onChange(updateFieldSchema(form, field.id, (schema) => withOptions(schema, next)));
  const replaced = (index: number, option: StaticOption) => options.map((current, i) => (i === index ? option : current));
  const swapped = (a: number, b: number) => options.map((current, i) => (i === a ? options[b]! : i === b ? options[a]! : current));

  const add = () => {
    const made = newOption(field.schema, form.id, field.id);
    const option = { ...made, titleKey: unusedKey(form, made.titleKey!) };
    write([...options, option]);
    for (const locale of LOCALES) if (!texts.get(locale, option.titleKey!)) texts.set(locale, option.titleKey!, DEFAULT_LABEL[locale].replace('{n}', String(options.length + 1)));
  };
  const remove = (index: number) => {
    const next = updateFieldSchema(form, field.id, (schema) => withOptions(schema, options.filter((_, i) => i !== index)));
    onChange(next);
    for (const key of orphanedTextKeys(form, next, field.id)) for (const locale of LOCALES) texts.set(locale, key, '');
  };
  const problemText = (index: number) => (text: string) => {
    const problem = optionValueProblem(field.schema, index, text);
    return problem ? t(`options.${problem}`) : null;
  };
  /** The option's label key, made and written into the option first when it has none. */
  const keyOf = (index: number) => () => {
    const option = options[index]!;
    if (isTextKey(option.titleKey)) return option.titleKey;
    const key = unusedKey(form, fieldTextKey(form.id, field.id, 'option', String(option.value)));
    write(replaced(index, { ...option, titleKey: key }));
    return key;
  };

  return (
    <section>
      <Typography.Title level={5}>
        {t('options.title')}
      </Typography.Title>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {options.map((option, index) => {
          const n = index + 1;
          return (
            <li key={index} data-option-value={String(option.value)} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8, marginBottom: 8 }}>
              <Space align="start" wrap>
                <CheckedInput
                  label={t('options.value', { n })}
                  value={String(option.value)}
                  isCode
                  commitOn="blur"
                  problemOf={problemText(index)}
                  onCommit={(text) => write(replaced(index, { ...option, value: parseOptionValue(field.schema, text)! }))}
                />
                <Button size="small" icon={<ArrowUpOutlined />} aria-label={t('options.up', { n })} disabled={index === 0} onClick={() => write(swapped(index, index - 1))} />
                <Button size="small" icon={<ArrowDownOutlined />} aria-label={t('options.down', { n })} disabled={index === options.length - 1} onClick={() => write(swapped(index, index + 1))} />
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('options.remove', { n })} disabled={options.length === 1} onClick={() => remove(index)} />
              </Space>
              <BilingualText what={t('options.label', { n })} textKey={option.titleKey} keyToWrite={keyOf(index)} texts={texts} />
            </li>
          );
        })}
      </ol>
      <Button icon={<PlusOutlined />} onClick={add}>
        {t('options.add')}
      </Button>
    </section>
  );
}
