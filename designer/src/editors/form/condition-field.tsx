/**
 * A condition on record fields (`when`, `where`): rows of a field, picked from the record type's
 * fields (and `state`), and the value it must have, typed as text (condition-values.ts).
 */
import { Button, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useId } from 'react';
import type { Condition } from '../file-shapes.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import { formatConditionValue, parseConditionValue, withConditionFieldRenamed, withConditionValue, withoutConditionField } from '../condition-values.js';
import { useFieldMessages } from './editor-scope.js';
import { useFieldValue } from './field-controls.js';

function ConditionRow({ path, field, value, choices, onRename, onValue, onRemove }: {
  path: string;
  field: string;
  value: Condition[string];
  choices: string[];
  onRename(to: string): void;
  onValue(text: string): void;
  onRemove(): void;
}) {
  const t = useEditorTexts();
  const fieldId = useId();
  const valueId = useId();
  const messages = useFieldMessages(fieldPath(path, field));
  return (
    <Row gutter={8} align="bottom">
      <Col xs={24} md={9}>
        <Form.Item label={t('condition.field')} htmlFor={fieldId}>
          <Select<string> id={fieldId} value={field} options={choices.map((name) => ({ value: name, label: name }))} showSearch onChange={onRename} />
        </Form.Item>
      </Col>
      <Col xs={24} md={11}>
        <Form.Item label={t('condition.value')} htmlFor={valueId} validateStatus={messages.length > 0 ? 'error' : undefined} help={messages.length > 0 ? messages.join('; ') : undefined}>
          <Input id={valueId} value={formatConditionValue(value)} onChange={(e) => onValue(e.target.value)} />
        </Form.Item>
      </Col>
      <Col xs={24} md={4}>
        <Form.Item>
          <Button danger aria-label={t('list.remove', { what: t('condition.item', { field }) })} onClick={onRemove}>
            {t('list.remove', { what: '' })}
          </Button>
        </Form.Item>
      </Col>
    </Row>
  );
}

export interface ConditionFieldProps {
  /** The formik path of the condition object, e.g. `rules.0.when`. */
  path: string;
  label: string;
  /** The fields the record type has (`state` is offered besides). */
  fields: readonly string[];
  /** Whether `state` may be named (a record's state is a condition field of `when`s). */
  withState?: boolean;
}

export function ConditionField({ path, label, fields, withState }: ConditionFieldProps) {
  const t = useEditorTexts();
  const [condition, setCondition] = useFieldValue<Condition>(path);
  const messages = useFieldMessages(path);
  const current = condition ?? {};
  const offered = [...(withState ? ['state'] : []), ...fields];
  const unused = offered.filter((name) => !Object.hasOwn(current, name));
  return (
    <section aria-label={label} style={{ marginBottom: 16 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('condition.help')}</Typography.Paragraph>
      {messages.length > 0 && <Form.ErrorList errors={messages} />}
      {Object.entries(current).map(([field, value]) => (
        <ConditionRow
          key={field}
          path={path}
          field={field}
          value={value}
          choices={[field, ...unused]}
          onRename={(to) => setCondition(withConditionFieldRenamed(current, field, to))}
          onValue={(text) => setCondition(withConditionValue(current, field, parseConditionValue(text)))}
          onRemove={() => setCondition(withoutConditionField(current, field))}
        />
      ))}
      <Button disabled={unused.length === 0} onClick={() => setCondition(withConditionValue(current, unused[0]!, ''))}>
        {t('list.add', { what: t('condition.addWhat') })}
      </Button>
    </section>
  );
}
