/**
 * Starting work in a test run: a catalog entry of the draft with its start form, as the portal
 * would request it, or one of the draft's processes with its variables as JSON.
 */
import { Alert, Button, Card, Empty, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../runtime/web/index.js';
import { RunForm } from './run-form.js';
import { useTestRunTexts } from './test-run-texts.js';
import { testRunsApi, type RunStart, type TestRun } from './test-runs-api.js';
import { useRunAction } from './use-run-action.js';

const ENTRY = 'entry:';
const PROCESS = 'process:';

function firstChoice(run: TestRun): string | null {
  if (run.entries[0]) return `${ENTRY}${run.entries[0].ref}`;
  return run.processes[0] ? `${PROCESS}${run.processes[0]}` : null;
}

export function StartSection({ run, onRun }: { run: TestRun; onRun(run: TestRun): void }) {
  const t = useTestRunTexts();
  const { locale } = useI18n();
  const { busy, error, act } = useRunAction(onRun);
  const [choice, setChoice] = useState<string | null>(() => firstChoice(run));
  // Each start gets a fresh, empty form.
  const [round, setRound] = useState(0);
  const start = async (body: RunStart) => {
    if (await act(() => testRunsApi.start(run, body, locale))) setRound((n) => n + 1);
  };
  const entry = run.entries.find((e) => `${ENTRY}${e.ref}` === choice);
  const process = choice?.startsWith(PROCESS) ? choice.slice(PROCESS.length) : null;
  const groups = [
    { label: t('start.entries'), options: run.entries.map((e) => ({ value: `${ENTRY}${e.ref}`, label: e.title })) },
    { label: t('start.processes'), options: run.processes.map((p) => ({ value: `${PROCESS}${p}`, label: p })) },
  ].filter((group) => group.options.length > 0);

  return (
    <Card size="small" title={t('start.title')}>
      {groups.length === 0 ? (
        <Empty description={t('start.nothing')} />
      ) : (
        <Select aria-label={t('start.pick')} value={choice} onChange={setChoice} options={groups} style={{ minWidth: 320, marginBottom: 12 }} />
      )}
      {entry?.startForm && <RunForm key={`${entry.ref}:${round}`} run={run} formRef={entry.startForm} submitLabel={t('start.submit')} onSubmit={(data) => void start({ entry: entry.ref, data })} serverError={error} busy={busy} />}
      {entry && !entry.startForm && (
        <>
          <Typography.Paragraph type="secondary">{t('start.noForm')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 12 }} />}
          <Button type="primary" loading={busy} onClick={() => void start({ entry: entry.ref, data: {} })}>{t('start.submit')}</Button>
        </>
      )}
      {process && <ProcessStart key={`${process}:${round}`} busy={busy} error={error} onStart={(data) => void start({ process, data })} />}
    </Card>
  );
}

/** A process has no start form here: its variables are typed as a JSON object. */
function ProcessStart({ busy, error, onStart }: { busy: boolean; error: Error | null; onStart(data: Record<string, unknown>): void }) {
  const t = useTestRunTexts();
  const [text, setText] = useState('{}');
  const parsed = parseObject(text);
  return (
    <>
      <Typography.Text>{t('start.variables')}</Typography.Text>
      <Input.TextArea className="fd-code" aria-label={t('start.variables')} value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 4, maxRows: 16 }} status={parsed.error ? 'error' : ''} />
      {parsed.error && <Typography.Text type="danger">{t('start.jsonInvalid', { message: parsed.error })}</Typography.Text>}
      {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginTop: 12 }} />}
      <div style={{ marginTop: 12 }}>
        <Button type="primary" loading={busy} disabled={parsed.value === null} onClick={() => parsed.value && onStart(parsed.value)}>{t('start.submit')}</Button>
      </div>
    </>
  );
}

function parseObject(text: string): { value: Record<string, unknown> | null; error: string | null } {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { value: null, error: '{ … }' };
    return { value: value as Record<string, unknown>, error: null };
  } catch (failure) {
    return { value: null, error: (failure as Error).message };
  }
}
