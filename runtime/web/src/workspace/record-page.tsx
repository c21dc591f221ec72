/**
 * The record page agents work from: header with state and SLA countdowns, the details, the tasks
 * on the record (mine to complete, queued ones to claim), one timeline of replies, work notes,
 * field changes and process steps, and a reply / work-note box. Refreshes every 15 seconds.
 */
import { Button, Card, Result, Skeleton, Space, Tag, Typography, App } from 'antd';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { ApiError, api } from '../shared/api.js';
import { CommentBox } from '../shared/comment-box.js';
import { Failure } from '../shared/failure.js';
import { useI18n } from '../shared/i18n/index.js';
import { RecordSla } from '../shared/record-sla.js';
import { useRecordNames, useRecordTypes, type RecordView } from '../shared/records.js';
import { useSession } from '../shared/session.js';
import { TaskForm, type TaskView } from '../shared/task-form.js';
import { RecordTimeline, type CommentItem, type HistoryItem } from '../shared/timeline.js';
import { useApi, usePolling } from '../shared/use-api.js';
import { ReassignButton } from './reassign-button.js';
import { PersonName } from '../shared/person-name.js';
import { RecordDetails } from './record-details.js';
import { RelatedRecords } from './related-records.js';

export function RecordPage() {
  const { type = '', key = '' } = useParams();
  const { t } = useI18n();
  const { user } = useSession();
  const names = useRecordNames();
  const types = useRecordTypes();
  const { message } = App.useApp();
  const recordPath = `/records/${encodeURIComponent(type)}/${encodeURIComponent(key)}`;
  const record = useApi<RecordView>(recordPath);
  const recordId = record.data?.id ?? null;
  const comments = useApi<{ items: CommentItem[] }>(`${recordPath}/comments`);
  const history = useApi<{ items: HistoryItem[] }>(`${recordPath}/history`);
  const openTasks = useApi<{ items: TaskView[] }>(recordId ? '/tasks' : null, { view: 'all', status: 'open', recordId, limit: 200 });
  const doneTasks = useApi<{ items: (TaskView & { endedAt: string | null })[] }>(recordId ? '/tasks' : null, { view: 'all', status: 'completed', recordId, limit: 200 });
  const refresh = useCallback(() => {
    record.reload();
    comments.reload();
    history.reload();
    openTasks.reload();
    doneTasks.reload();
  }, [record.reload, comments.reload, history.reload, openTasks.reload, doneTasks.reload]);
  usePolling(refresh, 15_000);

  async function claim(task: TaskView) {
    try {
      await api(`/tasks/${encodeURIComponent(task.id)}/claim`, { method: 'POST' });
    } catch (error) {
      void message.error((error as Error).message);
    }
    refresh();
  }

  if (record.error) {
    if (record.error instanceof ApiError && (record.error.status === 404 || record.error.status === 403)) return <Result status="404" title={t('ticket.notFound')} />;
    return <Failure error={record.error} retry={record.reload} />;
  }
  if (!record.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const r = record.data;
  const recordType = types.get(r.type);
  const mayAssign = recordType?.actions.includes('assign') ?? false;
  const steps = (doneTasks.data?.items ?? []).map((task) => ({ id: task.id, name: task.name, elementId: task.elementId, at: task.endedAt ?? task.createdAt }));

  return (
    <div className="fd-record">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>{r.number} · {r.title}</Typography.Title>
          <Space wrap>
            <Tag color="processing" data-state={r.state}>{names.state(r.type, r.state)}</Tag>
            <RecordSla type={r.type} recordKey={r.id} compact />
          </Space>
        </Card>
        <RecordDetails record={r} type={recordType} onSaved={refresh} />
        {(openTasks.data?.items ?? []).map((task) =>
          task.assignee === user.userId ? (
            <div key={task.id}>
              <TaskForm taskId={task.id} onDone={refresh} initial={r.fields} />
              {mayAssign && <ReassignButton taskId={task.id} onDone={refresh} />}
            </div>
          ) : (
            <Card key={task.id} size="small" title={task.name ?? task.elementId} data-task={task.elementId}>
              {task.assignee === null ? (
                <Button type="primary" onClick={() => void claim(task)}>{t('task.claim')}</Button>
              ) : (
                <Space>
                  <Typography.Text type="secondary">
                    {t('task.heldBy')} <PersonName kind="user" id={task.assignee} />
                  </Typography.Text>
                  {mayAssign && <ReassignButton taskId={task.id} onDone={refresh} />}
                </Space>
              )}
            </Card>
          ),
        )}
        <RelatedRecords record={r} />
        <Card size="small" title={t('ticket.timeline')}>
          <RecordTimeline type={r.type} comments={comments.data?.items ?? []} history={history.data?.items ?? []} steps={steps} showFieldChanges />
        </Card>
      </Space>
      <CommentBox recordPath={recordPath} onSent={refresh} kinds={['work-note', 'reply']} />
    </div>
  );
}
