/**
 * A computed field's lookup: the fields it is computed from (root fields people fill, at most
 * four), a table of their values and the result for each combination, and the result when no
 * row matches. A choice field's values are picked from its options; others are typed.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Typography } from 'antd';
import { useI18n } from '../../../runtime/web/index.js';
import { MAX_FROM, computedRuleOf, rowsOf, tableOf, withComputedRule, withEveryCombination, withFrom, type ComputedRule, type TableRow } from './computed-rule.js';
import type { FieldEditorProps } from './field-settings.js';
import { useFormDesignerTexts } from './form-designer-texts.js';
import { computeSources, fieldOf, updateFieldSchema } from './form-fields.js';
import { Labelled } from './labelled.js';
import { optionsOf } from './static-options.js';

export function ComputedRuleEditor({ form, field, texts, onChange }: FieldEditorProps) {
  const t = useFormDesignerTexts();
  const { locale } = useI18n();
  const rule = computedRuleOf(field.schema);
  const rows = rowsOf(rule);
  const sources = computeSources(form).filter((id) => id !== field.id);
  /** A from-field's choices as the table keys them (text), with their labels; null for a field that is typed. */
  const choicesOf = (id: string) => {
    const options = optionsOf(fieldOf(form, id)?.schema ?? {});
    if (options.length === 0) return null;
    return options.map((option) => ({ value: String(option.value), label: (option.titleKey && texts.get(locale, option.titleKey)) || String(option.value) }));
  };
  const write = (next: ComputedRule) => onChange(updateFieldSchema(form, field.id, (schema) => withComputedRule(schema, next)));
  const writeRows = (next: TableRow[]) => write({ ...rule, table: tableOf(next) });
  const changeRow = (index: number, row: TableRow) => writeRows(rows.map((current, i) => (i === index ? row : current)));
  const choiceLists = rule.from.map(choicesOf);
  const isNumeric = field.schema['type'] === 'number' || field.schema['type'] === 'integer';
  /** A result as the field's type has it: a number field's results are numbers. */
  const resultOf = (text: string) => (isNumeric && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
  const isEnumerable = rule.from.length > 0 && choiceLists.every((list) => list !== null);

  if (sources.length === 0) return <Typography.Paragraph type="secondary">{t('computed.noSources')}</Typography.Paragraph>;
  return (
    <section>
      <Typography.Title level={5}>
        {t('computed.from')}
      </Typography.Title>
      <Select
        aria-label={t('computed.fromFields')}
        mode="multiple"
        maxCount={MAX_FROM}
        style={{ width: '100%', marginBottom: 12 }}
        value={rule.from}
        options={sources.map((id) => ({ value: id, label: id }))}
        onChange={(from: string[]) => write(withFrom(rule, from))}
      />
      <Typography.Title level={5}>{t('computed.table')}</Typography.Title>
      <table style={{ width: '100%', borderCollapse: 'collapse', marginBottom: 8 }}>
        <thead>
          <tr>
            {rule.from.map((id) => (
              <th key={id} scope="col" style={{ textAlign: 'left' }}>
                {id}
              </th>
            ))}
            <th scope="col" style={{ textAlign: 'left' }}>
              {t('computed.result')}
            </th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const n = index + 1;
            return (
              <tr key={index} data-row={n}>
                {rule.from.map((id, column) => {
                  const label = t('computed.key', { field: id, n });
                  const choices = choiceLists[column];
                  const keys = (value: string) => row.keys.map((key, i) => (i === column ? value : key));
                  return (
                    <td key={id}>
                      {choices ? (
                        <Select aria-label={label} style={{ minWidth: 100 }} value={row.keys[column]} options={choices} onChange={(value: string) => changeRow(index, { ...row, keys: keys(value) })} />
                      ) : (
                        <Input aria-label={label} value={row.keys[column]} maxLength={100} onChange={(event) => changeRow(index, { ...row, keys: keys(event.target.value) })} />
                      )}
                    </td>
                  );
                })}
                <td>
                  <Input aria-label={t('computed.resultOf', { n })} value={String(row.result)} maxLength={200} onChange={(event) => changeRow(index, { ...row, result: resultOf(event.target.value) })} />
                </td>
                <td>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('computed.removeRow', { n })} onClick={() => writeRows(rows.filter((_, i) => i !== index))} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} disabled={rule.from.length === 0} onClick={() => writeRows([...rows, { keys: rule.from.map(() => ''), result: '' }])}>
          {t('computed.addRow')}
        </Button>
        <Button disabled={!isEnumerable} onClick={() => writeRows(withEveryCombination(rows, choiceLists.map((list) => (list ?? []).map((choice) => choice.value)), ''))}>
          {t('computed.fill')}
        </Button>
      </Space>
      <Labelled label={t('computed.otherwise')}>
        {(label) => <Input aria-label={label} value={rule.otherwise === undefined ? '' : String(rule.otherwise)} maxLength={200} onChange={(event) => write({ ...rule, otherwise: resultOf(event.target.value) })} />}
      </Labelled>
    </section>
  );
}
