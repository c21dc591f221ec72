/** The open tasks of a test run, each with its form and a Complete button, worked as the test person. */
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../runtime/web/index.js';
import { useInstantFormat } from './instant-format.js';
import { RunForm } from './run-form.js';
import { useTestRunTexts } from './test-run-texts.js';
import { testRunsApi, type RunTask, type TestRun } from './test-runs-api.js';
import { useRunAction } from './use-run-action.js';
import { useRunNames } from './use-run-names.js';

export function TaskList({ run, onRun }: { run: TestRun; onRun(run: TestRun): void }) {
  const t = useTestRunTexts();
  return (
    <Card size="small" title={t('tasks.title')}>
      {run.tasks.length === 0 ? <Empty description={t('tasks.none')} /> : run.tasks.map((task) => <TaskCard key={task.id} run={run} task={task} onRun={onRun} />)}
    </Card>
  );
}

function TaskCard({ run, task, onRun }: { run: TestRun; task: RunTask; onRun(run: TestRun): void }) {
  const t = useTestRunTexts();
  const { locale } = useI18n();
  const format = useInstantFormat();
  const { busy, error, act } = useRunAction(onRun);
  const complete = (data: Record<string, unknown>) => void act(() => testRunsApi.complete(run, task.id, data, locale));
  const record = run.records.find((r) => r.id === task.recordId);
  const nameOf = useRunNames(run);
  const who = task.assignee && nameOf(task.assignee);
  return (
    <Card type="inner" size="small" style={{ marginBottom: 12 }} data-task={task.elementId} title={<>{task.name ?? task.elementId} <Typography.Text type="secondary" code>{task.elementId}</Typography.Text></>} extra={record && <Tag>{record.number}</Tag>}>
      <Space wrap style={{ marginBottom: 12 }}>
        {who ? <Tag color="blue">{t('tasks.assignee', { who })}</Tag> : <Tag>{t('tasks.unclaimed')}</Tag>}
        {task.candidateGroups.length + task.candidateUsers.length > 0 && (
          <span>
            {t('tasks.candidates')} {[...task.candidateGroups, ...task.candidateUsers].map((c) => <Tag key={c}>{nameOf(c)}</Tag>)}
          </span>
        )}
        {task.dueAt && <Tag color="orange">{t('tasks.due', { time: format(task.dueAt) })}</Tag>}
      </Space>
      {task.form ? (
        <RunForm run={run} formRef={task.form} submitLabel={t('tasks.complete')} onSubmit={complete} serverError={error} busy={busy} />
      ) : (
        <>
          {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 12 }} />}
          <Button type="primary" loading={busy} onClick={() => complete({})}>{t('tasks.complete')}</Button>
        </>
      )}
    </Card>
  );
}
