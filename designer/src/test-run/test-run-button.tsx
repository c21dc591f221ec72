/**
 * Trying a draft without touching the installation: saves pending edits (`beforeOpen`), starts a
 * test run of the draft as saved and shows it in a drawer. Closing the drawer keeps the run for
 * the next opening, while the server keeps it; restarting runs the draft as saved now.
 */
import { Alert, Button, Drawer, List, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, useI18n } from '../../../runtime/web/index.js';
import { TestRunPanel } from './test-run-panel.js';
import { useTestRunTexts } from './test-run-texts.js';
import { testRunsApi, type TestRun } from './test-runs-api.js';

const isGone = (error: unknown) => error instanceof ApiError && error.code === 'NOT_FOUND';

export function TestRunButton({ draftId, beforeOpen }: { draftId: string; beforeOpen(): Promise<boolean> }) {
  const t = useTestRunTexts();
  const { locale } = useI18n();
  const [run, setRun] = useState<TestRun | null>(null);
  const [isOpen, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);

  /** Ends the run (if the server still has it): a dropped run frees its database at once. */
  const end = async (ending: TestRun | null) => {
    if (ending) await testRunsApi.drop(ending).catch((error: unknown) => { if (!isGone(error)) throw error; });
    setRun(null);
  };

  const begin = async () => {
    setBusy(true);
    setFailure(null);
    setOpen(true);
    try {
      if (!(await beforeOpen())) throw new Error(t('notSaved'));
      await end(run);
      setRun(await testRunsApi.create(draftId, locale));
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const reopen = async (kept: TestRun) => {
    setOpen(true);
    setFailure(null);
    try {
      setRun(await testRunsApi.get(kept, locale));
    } catch (error) {
      if (isGone(error)) setRun(null);
      setFailure(isGone(error) ? new Error(t('gone')) : (error as Error));
    }
  };

  const drop = async () => {
    try {
      await end(run);
      setOpen(false);
    } catch (error) {
      setFailure(error as Error);
    }
  };

  return (
    <>
      <Button loading={busy && !isOpen} onClick={() => void (run ? reopen(run) : begin())}>{t('button')}</Button>
      <Drawer
        open={isOpen}
        onClose={() => setOpen(false)}
        size={1200}
        title={run ? t('title', { bundle: run.bundle, version: run.version }) : t('button')}
        extra={
          <Space>
            <Button onClick={() => void begin()} loading={busy}>{t('restart')}</Button>
            {run && (
              <Popconfirm title={t('drop.confirm')} onConfirm={() => void drop()}>
                <Button danger>{t('drop')}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        {failure && <RunFailure failure={failure} />}
        {busy ? <Skeleton active /> : run && <TestRunPanel run={run} onRun={setRun} />}
      </Drawer>
    </>
  );
}

/** Why no run could be shown; for a draft with problems, each problem and where it is. */
function RunFailure({ failure }: { failure: Error }) {
  const t = useTestRunTexts();
  const problems = failure instanceof ApiError && failure.code === 'BUNDLE_INVALID' ? failure.details : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={problems.length > 0 ? t('invalid') : failure.message}
      description={
        problems.length > 0 && (
          <List
            size="small"
            className="fd-problems"
            dataSource={problems}
            renderItem={(problem) => (
              <List.Item>
                <Typography.Text code>{String(problem['code'] ?? '')}</Typography.Text> {String(problem['file'] ?? '')} {problem.pointer ?? ''} {problem.message}
              </List.Item>
            )}
          />
        )
      }
    />
  );
}
