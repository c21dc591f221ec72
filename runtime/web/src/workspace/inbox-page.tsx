/**
 * The agent's inbox: my tasks, the queues of my teams and roles (tasks I may claim), and open
 * records nobody holds; each row with its record and SLA countdown, refreshed every 15 seconds.
 */
import { Button, Empty, Table, Tabs, Tag, App } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../shared/api.js';
import { Failure } from '../shared/failure.js';
import { formatDateTime } from '../shared/format.js';
import { useI18n } from '../shared/i18n/index.js';
import { RecordSla } from '../shared/record-sla.js';
import { useSession } from '../shared/session.js';
import type { TaskView } from '../shared/task-form.js';
import { useApi, usePolling } from '../shared/use-api.js';
import { UnassignedRecords } from './unassigned-records.js';

type View = 'mine' | 'queue' | 'unassigned';

export function InboxPage() {
  const { t } = useI18n();
  const [view, setView] = useState<View>('mine');
  return (
    <Tabs
      activeKey={view}
      onChange={(key) => setView(key as View)}
      items={[
        { key: 'mine', label: t('inbox.mine'), children: <TaskTable view="mine" /> },
        { key: 'queue', label: t('inbox.teams'), children: <TaskTable view="queue" /> },
        { key: 'unassigned', label: t('inbox.unassigned'), children: <UnassignedRecords /> },
      ]}
    />
  );
}

function TaskTable({ view }: { view: 'mine' | 'queue' }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const tasks = useApi<{ items: TaskView[] }>('/tasks', { view, status: 'open', limit: 100 });
  usePolling(tasks.reload, 15_000);

  async function claim(task: TaskView) {
    try {
      await api(`/tasks/${encodeURIComponent(task.id)}/claim`, { method: 'POST' });
      if (task.record) navigate(`/records/${encodeURIComponent(task.record.type)}/${encodeURIComponent(task.record.number)}`);
      else tasks.reload();
    } catch (error) {
      void message.error((error as Error).message);
      tasks.reload();
    }
  }

  if (tasks.error) return <Failure error={tasks.error} retry={tasks.reload} />;
  return (
    <Table<TaskView>
      rowKey="id"
      loading={!tasks.data}
      dataSource={tasks.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
      pagination={false}
      size="middle"
      scroll={{ x: true }}
      columns={[
        {
          title: t('tickets.number'),
          key: 'record',
          render: (_: unknown, task) => (task.record ? <Link to={`/records/${encodeURIComponent(task.record.type)}/${encodeURIComponent(task.record.number)}`}>{task.record.number}</Link> : '—'),
        },
        { title: t('tickets.subject'), key: 'title', render: (_: unknown, task) => task.record?.title ?? '—' },
        { title: t('app.workspace'), key: 'task', render: (_: unknown, task) => <Tag>{task.name ?? task.elementId}</Tag> },
        { title: t('tickets.due'), key: 'sla', render: (_: unknown, task) => (task.record ? <RecordSla type={task.record.type} recordKey={task.record.id} compact /> : null) },
        { title: t('ticket.created'), dataIndex: 'createdAt', className: 'fd-hide-narrow', render: (at: string) => formatDateTime(at, locale, user.timeZone) },
        {
          title: '',
          key: 'action',
          render: (_: unknown, task) =>
            view === 'queue' ? (
              <Button size="small" type="primary" onClick={() => void claim(task)} aria-label={`${t('inbox.claim')} ${task.record?.number ?? task.name ?? ''}`}>{t('inbox.claim')}</Button>
            ) : task.record ? (
              <Link to={`/records/${encodeURIComponent(task.record.type)}/${encodeURIComponent(task.record.number)}`}>{t('inbox.open')}</Link>
            ) : null,
        },
      ]}
    />
  );
}
