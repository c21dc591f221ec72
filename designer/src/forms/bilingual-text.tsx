/**
 * One text of the form in both first-class languages: two inputs writing the bundle's i18n files
 * under one key. The key is made (and written into the form) on the first text typed.
 */
import { Input, Typography } from 'antd';
import { LOCALES, type Locale } from '../../../runtime/web/index.js';
import type { BundleTexts } from '../draft/draft-model.js';
import { useFormDesignerTexts } from './form-designer-texts.js';

export interface BilingualTextProps {
  /** What the text is (`Label`), for the inputs' names. */
  what: string;
  /** The key the text has, if it has one. */
  textKey: string | undefined;
  /** Gives the key to write under, making it first when there is none. */
  keyToWrite(): string;
  texts: BundleTexts;
  isMultiline?: boolean;
}

export function BilingualText({ what, textKey, keyToWrite, texts, isMultiline }: BilingualTextProps) {
  const t = useFormDesignerTexts();
  const write = (locale: Locale, text: string) => texts.set(locale, keyToWrite(), text);
  return (
    <div className="fd-bilingual">
      {LOCALES.map((locale) => {
        const name = t('text.in', { what, language: t(`lang.${locale}`) });
        const value = textKey ? (texts.get(locale, textKey) ?? '') : '';
        const common = { 'aria-label': name, placeholder: t(`lang.${locale}`), value, lang: locale, maxLength: 4000 };
        return isMultiline ? (
          <Input.TextArea key={locale} {...common} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(event) => write(locale, event.target.value)} style={{ marginBottom: 4 }} />
        ) : (
          <Input key={locale} {...common} onChange={(event) => write(locale, event.target.value)} style={{ marginBottom: 4 }} />
        );
      })}
      {textKey && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('settings.key', { key: textKey })}
        </Typography.Text>
      )}
    </div>
  );
}
