/**
 * The form as a requester will see it, in either language: the server localizes the draft's form
 * with the texts it names and compiles its validator (POST /designer/form-previews); the portal's
 * own renderer shows it, its messages and antd's texts in the preview's language. Asked again a
 * moment after the last change; the last good preview stays while a new one is on its way.
 */
import { Alert, ConfigProvider, Segmented, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect, useId, useMemo, useState } from 'react';
import { api, ApiError, I18nProvider, LOCALES, useI18n, type Locale } from '../../../runtime/web/index.js';
import { FlowdeskForm, loadValidator, type FormView, type LoadedForm } from '../../../runtime/web/forms.js';
import type { BundleTexts } from '../draft/draft-model.js';
import { en, useFormDesignerTexts, zhCN } from './form-designer-texts.js';
import { textKeysOf } from './field-texts.js';
import type { FormFile } from './form-file.js';

const PREVIEWS = '/designer/form-previews';
const SETTLE_MS = 400;
const OWN_TEXTS = { en, 'zh-CN': zhCN } as const;
const ANTD_LOCALES = { en: enUS, 'zh-CN': zhCNLocale } as const;

type PreviewView = Omit<FormView, 'bundle' | 'version'>;

export interface FormPreviewProps {
  form: FormFile;
  texts: BundleTexts;
  /** The draft's bundle and the form's file, as the preview's problems name them. */
  bundle: string;
  path: string;
}

/** The texts of the keys the form names, in `locale`. */
function messagesOf(form: FormFile, texts: BundleTexts, locale: Locale): Record<string, string> {
  return Object.fromEntries(textKeysOf(form).flatMap((key) => {
    const text = texts.get(locale, key);
    return text === undefined ? [] : [[key, text]];
  }));
}

export function FormPreview({ form, texts, bundle, path }: FormPreviewProps) {
  const t = useFormDesignerTexts();
  const { locale: designerLocale } = useI18n();
  const heading = useId();
  const [locale, setLocale] = useState<Locale>(designerLocale);
  const [loaded, setLoaded] = useState<LoadedForm | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [isValid, setValid] = useState(false);
  const request = useMemo(() => JSON.stringify({ form, messages: messagesOf(form, texts, locale), locale, path }), [form, texts, locale, path]);

  useEffect(() => {
    let isLive = true;
    setLoading(true);
    const timer = window.setTimeout(async () => {
      try {
        const view = await api<PreviewView>(PREVIEWS, { method: 'POST', body: JSON.parse(request) as unknown });
        const validator = await loadValidator(view.validatorUrl, view.schema);
        if (!isLive) return;
        setLoaded({ view: { ...view, bundle, version: 'draft' }, validator });
        setFailure(null);
      } catch (error) {
        if (isLive) setFailure(error as Error);
      } finally {
        if (isLive) setLoading(false);
      }
    }, SETTLE_MS);
    return () => {
      isLive = false;
      window.clearTimeout(timer);
    };
  }, [request, bundle]);

  return (
    <section aria-labelledby={heading} data-preview-locale={locale}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <Typography.Title level={4} id={heading} style={{ margin: 0 }}>
          {t('preview.title')} {isLoading && <Spin size="small" />}
        </Typography.Title>
        <Segmented aria-label={t('preview.language')} value={locale} options={LOCALES.map((value) => ({ value, label: t(`lang.${value}`) }))} onChange={(value) => setLocale(value as Locale)} />
      </div>
      {failure && <PreviewFailure failure={failure} />}
      {isValid && <Alert type="success" showIcon role="status" title={OWN_TEXTS[locale]['preview.valid']} style={{ margin: '12px 0' }} />}
      {loaded && (
        <div lang={locale} style={{ marginTop: 12, opacity: failure ? 0.5 : 1 }}>
          <ConfigProvider locale={ANTD_LOCALES[locale]}>
            <I18nProvider locale={locale}>
              <Typography.Title level={5}>{loaded.view.title}</Typography.Title>
              <FlowdeskForm
                form={loaded}
                formData={data}
                onChange={(next) => {
                  setData(next);
                  setValid(false);
                }}
                onSubmit={() => setValid(true)}
                submitLabel={OWN_TEXTS[locale]['preview.submit']}
                // The preview has no record: files are chosen as on a start form, and never sent.
                context={{ onFilesForLater: () => undefined }}
              />
            </I18nProvider>
          </ConfigProvider>
        </div>
      )}
    </section>
  );
}

/** Why the server would not show the form, with each problem it found and where. */
function PreviewFailure({ failure }: { failure: Error }) {
  const t = useFormDesignerTexts();
  const details = failure instanceof ApiError ? failure.details : [];
  const description =
    details.length > 0 ? (
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {details.map((detail, i) => (
          <li key={i}>
            {detail.pointer && <Typography.Text code>{detail.pointer}</Typography.Text>} {detail.message}
          </li>
        ))}
      </ul>
    ) : undefined;
  return <Alert type="error" showIcon role="alert" title={t('preview.failed', { message: failure.message })} description={description} style={{ margin: '12px 0' }} />;
}
