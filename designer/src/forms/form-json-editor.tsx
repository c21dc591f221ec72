/**
 * The form file as JSON, for what the designer has no control for: edited in place, taken as
 * soon as it parses to a form file. Until then the text stays as typed with the reason it is not
 * taken, and the file is not changed.
 */
import { Alert, Input, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useFormDesignerTexts } from './form-designer-texts.js';
import { parseFormFile, type FormFile } from './form-file.js';

const shownAs = (form: FormFile) => JSON.stringify(form, null, 2);

export function FormJsonEditor({ value, onChange }: { value: FormFile; onChange(next: FormFile): void }) {
  const t = useFormDesignerTexts();
  const shown = shownAs(value);
  const [text, setText] = useState(shown);
  const problemId = useId();
  const parsed = parseFormFile(text);
  // A change made elsewhere replaces the text, unless the text already says the same.
  useEffect(() => {
    setText((current) => {
      const now = parseFormFile(current);
      return 'form' in now && shownAs(now.form) === shown ? current : shown;
    });
  }, [shown]);
  const problem = 'form' in parsed ? null : parsed.problem === 'syntax' ? t('json.invalid', { message: parsed.message }) : t('json.notForm');

  return (
    <section>
      <Typography.Paragraph type="secondary">{t('json.hint')}</Typography.Paragraph>
      {problem && <Alert id={problemId} type="error" showIcon role="alert" title={problem} style={{ marginBottom: 8 }} />}
      <Input.TextArea
        aria-label={t('json.label')}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        value={text}
        spellCheck={false}
        autoSize={{ minRows: 16, maxRows: 40 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        onChange={(event) => {
          setText(event.target.value);
          const next = parseFormFile(event.target.value);
          if ('form' in next && shownAs(next.form) !== shown) onChange(next.form);
        }}
      />
    </section>
  );
}
