/**
 * One of my tickets: its status and details, SLA due time, the timeline of public replies and
 * state changes, a reply with attachments, the tasks waiting for me on it (confirm the resolution
 * or reopen), and the satisfaction survey once it asks. A ticket I may not see is "not found",
 * exactly like one that does not exist.
 */
import { Card, Descriptions, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { ApiError, apiUrl } from '../shared/api.js';
import { CommentBox } from '../shared/comment-box.js';
import { Failure } from '../shared/failure.js';
import { FieldValue } from '../shared/field-value.js';
import { formatDateTime } from '../shared/format.js';
import { useI18n } from '../shared/i18n/index.js';
import { RecordSla } from '../shared/record-sla.js';
import { shownFields, useRecordNames, useRecordTypes, type RecordView } from '../shared/records.js';
import { useSession } from '../shared/session.js';
import { TaskForm, type TaskView } from '../shared/task-form.js';
import { RecordTimeline, type CommentItem, type HistoryItem } from '../shared/timeline.js';
import { useApi, usePolling } from '../shared/use-api.js';
import { SurveyCard } from './survey-card.js';

interface Attachment {
  id: string;
  fileName: string;
  size: number;
}

export function TicketPage() {
  const { type = '', key = '' } = useParams();
  const { t, locale } = useI18n();
  const { user } = useSession();
  const names = useRecordNames();
  const types = useRecordTypes();
  const recordPath = `/records/${encodeURIComponent(type)}/${encodeURIComponent(key)}`;
  const record = useApi<RecordView>(recordPath);
  const comments = useApi<{ items: CommentItem[] }>(`${recordPath}/comments`);
  const history = useApi<{ items: HistoryItem[] }>(`${recordPath}/history`);
  const attachments = useApi<{ items: Attachment[] }>(`${recordPath}/attachments`);
  const myTasks = useApi<{ items: TaskView[] }>('/tasks', { view: 'mine', status: 'open', limit: 200 });
  const refresh = useCallback(() => {
    record.reload();
    comments.reload();
    history.reload();
    attachments.reload();
    myTasks.reload();
  }, [record.reload, comments.reload, history.reload, attachments.reload, myTasks.reload]);
  usePolling(refresh, 15_000);

  if (record.error) {
    if (record.error instanceof ApiError && (record.error.status === 404 || record.error.status === 403)) return <Result status="404" title={t('ticket.notFound')} />;
    return <Failure error={record.error} retry={record.reload} />;
  }
  if (!record.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const r = record.data;
  const tasks = (myTasks.data?.items ?? []).filter((task) => task.record?.id === r.id);
  const recordType = types.get(r.type);
  const shown = shownFields(recordType, r);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {r.number} · {r.title}
        </Typography.Title>
        <Space wrap>
          <Tag color={names.isFinal(r.type, r.state) ? 'default' : 'processing'} data-state={r.state}>{names.state(r.type, r.state)}</Tag>
          <RecordSla type={r.type} recordKey={r.id} compact />
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 12 }} title={t('ticket.fields')}>
          <Descriptions.Item label={t('ticket.created')}>{formatDateTime(r.createdAt, locale, user.timeZone)}</Descriptions.Item>
          {shown.map((field) => (
            <Descriptions.Item key={field} label={names.field(r.type, field)}><FieldValue type={r.type} field={field} value={r.fields[field]} /></Descriptions.Item>
          ))}
        </Descriptions>
        {(attachments.data?.items.length ?? 0) > 0 && (
          <ul aria-label={t('request.attachments')}>
            {attachments.data!.items.map((a) => (
              <li key={a.id}><a href={apiUrl(`${recordPath}/attachments/${a.id}`)}>{a.fileName}</a> ({Math.ceil(a.size / 1024)} KiB)</li>
            ))}
          </ul>
        )}
      </Card>
      {tasks.map((task) => <TaskForm key={task.id} taskId={task.id} onDone={refresh} />)}
      <SurveyCard recordPath={recordPath} />
      <Card title={t('ticket.timeline')} size="small">
        <RecordTimeline type={r.type} comments={comments.data?.items ?? []} history={history.data?.items ?? []} />
      </Card>
      {!names.isFinal(r.type, r.state) && <CommentBox recordPath={recordPath} onSent={refresh} kinds={['reply']} />}
    </Space>
  );
}
