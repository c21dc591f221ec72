/**
 * A rule's subject and body rendered for a sample record in both languages, side by side, by the
 * notification engine's own renderer on the server (POST /designer/notification-preview): the
 * browser runs no template code. The sample is edited as JSON; the preview follows every change.
 */
import { Alert, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import { api, type Locale } from '../../../../runtime/web/index.js';
import type { BundleLocale } from '../../draft/draft-model.js';
import type { NotificationRule } from '../file-shapes.js';
import { useBundleTextEditor, useEditorScope } from '../form/editor-scope.js';
import { parseSample, templateSample } from '../template-sample.js';
import { useNotificationTexts } from './notification-texts.js';

type Rendered = { subject: string; text: string; html: string } | { error: string };
type Preview = { state: 'idle' } | { state: 'rendering' } | { state: 'done'; rendered: Partial<Record<Locale, Rendered>> } | { state: 'failed'; message: string };

const PREVIEW_LOCALES: ReadonlyArray<{ locale: BundleLocale; label: 'preview.en' | 'preview.zhCN' }> = [
  { locale: 'en', label: 'preview.en' },
  { locale: 'zh-CN', label: 'preview.zhCN' },
];
const PREVIEW_DELAY_MS = 400;

/** A template as the engine picks it: the locale's text, else the English one, else the key. */
function useTemplates(rule: NotificationRule): Record<BundleLocale, { subject: string; body: string }> {
  const { text } = useBundleTextEditor();
  const pick = (locale: BundleLocale, key: string | undefined) => (key ? text(locale, key) || text('en', key) || key : '');
  return {
    en: { subject: pick('en', rule.subjectKey), body: pick('en', rule.bodyKey) },
    'zh-CN': { subject: pick('zh-CN', rule.subjectKey), body: pick('zh-CN', rule.bodyKey) },
  };
}

function RenderedMessage({ rendered }: { rendered: Rendered | undefined }) {
  const t = useNotificationTexts();
  if (!rendered) return null;
  if ('error' in rendered) return <Alert type="error" title={t('preview.cannotRender', { message: rendered.error })} />;
  return (
    <>
      <Typography.Text type="secondary">{t('preview.subject')}</Typography.Text>
      <Typography.Paragraph strong>{rendered.subject}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('preview.body')}</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{rendered.text}</Typography.Paragraph>
    </>
  );
}

export function TemplatePreview({ rule }: { rule: NotificationRule }) {
  const t = useNotificationTexts();
  const sampleId = useId();
  const { catalogue } = useEditorScope();
  const recordType = catalogue.recordTypes.find((type) => type.id === rule.recordType);
  const sampleFor = () => JSON.stringify(templateSample(rule.event, recordType), null, 2);
  const [sampleText, setSampleText] = useState(sampleFor);
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });
  const templates = useTemplates(rule);
  const parsed = parseSample(sampleText);
  const request = JSON.stringify({ templates, sample: 'sample' in parsed ? parsed.sample : null });

  useEffect(() => {
    const body = JSON.parse(request) as { sample: Record<string, unknown> | null };
    if (body.sample === null) return;
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      setPreview({ state: 'rendering' });
      api<{ rendered: Partial<Record<Locale, Rendered>> }>('/designer/notification-preview', { method: 'POST', body, signal: abort.signal }).then(
        ({ rendered }) => setPreview({ state: 'done', rendered }),
        (error: unknown) => !abort.signal.aborted && setPreview({ state: 'failed', message: (error as Error).message }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [request]);

  const sampleProblem = 'problem' in parsed ? (parsed.problem === 'not-json' ? t('preview.sample.notJson', { detail: parsed.detail }) : t('preview.sample.notObject')) : null;
  return (
    <section aria-label={t('preview')}>
      <Typography.Title level={5}>{t('preview')}</Typography.Title>
      <Form.Item label={t('preview.sample')} htmlFor={sampleId} validateStatus={sampleProblem ? 'error' : undefined} help={sampleProblem ?? undefined}>
        <Input.TextArea id={sampleId} value={sampleText} autoSize={{ minRows: 4, maxRows: 14 }} spellCheck={false} style={{ fontFamily: 'monospace' }} onChange={(e) => setSampleText(e.target.value)} />
      </Form.Item>
      <Button onClick={() => setSampleText(sampleFor())}>{t('preview.sample.reset')}</Button>
      {preview.state === 'failed' && <Alert type="error" title={t('preview.failed', { message: preview.message })} />}
      <Row gutter={16} style={{ marginTop: 16 }} aria-live="polite" aria-busy={preview.state === 'rendering'}>
        {PREVIEW_LOCALES.map(({ locale, label }) => (
          <Col key={locale} xs={24} md={12}>
            <Card size="small" title={t(label)} lang={locale}>
              {preview.state === 'rendering' && <Typography.Text type="secondary">{t('preview.rendering')}</Typography.Text>}
              {preview.state === 'done' && <RenderedMessage rendered={preview.rendered[locale]} />}
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}
