/**
 * A box to paste a list of days into (holidays, make-up days), read by pasted-dates.ts: taken into
 * the list, or replacing it, only when every line can be read; otherwise each line that cannot is
 * listed with its number and why, and nothing changes.
 */
import { Alert, Button, Form, Input, Space } from 'antd';
import { useId, useState } from 'react';
import type { PastedLineError } from '../pasted-dates.js';
import { useCalendarTexts } from './calendar-texts.js';

export type PasteMode = 'add' | 'replace';

/** Takes the pasted text in: the lines it could not read (nothing taken then), or how many days it took. */
export type TakePasted = (text: string, mode: PasteMode) => { errors: PastedLineError[]; count: number };

type Outcome = { errors: PastedLineError[]; count: number } | null;

export function PastedDatesPanel({ label, help, take }: { label: string; help: string; take: TakePasted }) {
  const t = useCalendarTexts();
  const id = useId();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const apply = (mode: PasteMode) => {
    const result = take(text, mode);
    setOutcome(result);
    if (result.errors.length === 0) setText('');
  };
  const reason = (error: PastedLineError) => (error.reason === 'not-a-weekday' ? t('reason.not-a-weekday', { word: error.word }) : t(`reason.${error.reason}`));
  return (
    <div style={{ marginBottom: 16 }}>
      <Form.Item label={label} htmlFor={id} extra={help}>
        <Input.TextArea id={id} value={text} autoSize={{ minRows: 3, maxRows: 14 }} spellCheck={false} onChange={(e) => setText(e.target.value)} />
      </Form.Item>
      <Space>
        <Button disabled={text.trim() === ''} onClick={() => apply('add')}>
          {t('paste.add')}
        </Button>
        <Button disabled={text.trim() === ''} onClick={() => apply('replace')}>
          {t('paste.replace')}
        </Button>
      </Space>
      <div aria-live="polite" style={{ marginTop: 8 }}>
        {outcome && outcome.errors.length === 0 && <Alert type="success" title={t('paste.done', { count: outcome.count })} />}
        {outcome && outcome.errors.length > 0 && (
          <Alert
            type="error"
            title={t('paste.failed')}
            description={
              <ul>
                {outcome.errors.map((error) => (
                  <li key={error.line}>{t('paste.line', { line: error.line, text: error.text, reason: reason(error) })}</li>
                ))}
              </ul>
            }
          />
        )}
      </div>
    </div>
  );
}
