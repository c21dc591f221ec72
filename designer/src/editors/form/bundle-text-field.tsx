/**
 * A text of the bundle named by an i18n key in the file (a title, a name, a template): the key,
 * and its text in English and in Chinese next to each other. The texts are saved in the bundle's
 * i18n files with the draft.
 */
import { Col, Form, Input, Row } from 'antd';
import { useId } from 'react';
import type { BundleLocale } from '../../draft/draft-model.js';
import { useEditorTexts } from '../editor-texts.js';
import { useBundleTextEditor } from './editor-scope.js';
import { TextField, useFieldValue } from './field-controls.js';

function LocaleText({ textKey, locale, label, multiline }: { textKey: string; locale: BundleLocale; label: string; multiline?: boolean }) {
  const id = useId();
  const { text, setText } = useBundleTextEditor();
  const value = text(locale, textKey);
  const change = (next: string) => setText(locale, textKey, next);
  return (
    <Form.Item label={label} htmlFor={id}>
      {multiline ? (
        <Input.TextArea id={id} lang={locale} value={value} disabled={!textKey} autoSize={{ minRows: 3, maxRows: 16 }} onChange={(e) => change(e.target.value)} />
      ) : (
        <Input id={id} lang={locale} value={value} disabled={!textKey} onChange={(e) => change(e.target.value)} />
      )}
    </Form.Item>
  );
}

export interface BundleTextFieldProps {
  /** The formik path of the key, e.g. `policies.0.titleKey`. */
  path: string;
  label: string;
  optional?: boolean;
  multiline?: boolean;
}

export function BundleTextField({ path, label, optional, multiline }: BundleTextFieldProps) {
  const t = useEditorTexts();
  const [key] = useFieldValue<string>(path);
  return (
    <div role="group" aria-label={label}>
      <TextField path={path} label={t('text.key', { label })} help={t('text.key.help')} optional={optional} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <LocaleText textKey={key ?? ''} locale="en" label={t('text.en', { label })} multiline={multiline} />
        </Col>
        <Col xs={24} md={12}>
          <LocaleText textKey={key ?? ''} locale="zh-CN" label={t('text.zhCN', { label })} multiline={multiline} />
        </Col>
      </Row>
    </div>
  );
}
