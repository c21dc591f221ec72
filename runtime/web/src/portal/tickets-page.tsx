/** My tickets: every record I am the caller of, newest change first, with status and SLA due time. */
import { Empty, Skeleton, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Failure } from '../shared/failure.js';
import { formatDateTime } from '../shared/format.js';
import { useI18n } from '../shared/i18n/index.js';
import { useRecordNames, useRecordTypes, type RecordView } from '../shared/records.js';
import { useSession } from '../shared/session.js';
import { RecordSla } from '../shared/record-sla.js';
import { api } from '../shared/api.js';

/** Up to 50 of my newest records of every type I may read. */
function useMyRecords(): { records: RecordView[] | null; error: Error | null; reload(): void } {
  const types = useRecordTypes();
  const { user } = useSession();
  const [state, setState] = useState<{ records: RecordView[] | null; error: Error | null }>({ records: null, error: null });
  const [round, setRound] = useState(0);
  const typeIds = [...types.values()].filter((t) => t.actions.includes('read')).map((t) => t.id).join(',');
  useEffect(() => {
    if (!typeIds) return;
    let live = true;
    const query = user.personId ? { callerId: user.personId, limit: 50 } : { createdBy: user.userId, limit: 50 };
    Promise.all(typeIds.split(',').map((type) => api<{ items: RecordView[] }>(`/records/${encodeURIComponent(type)}`, { query })))
      .then((pages) => pages.flatMap((p) => p.items).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)))
      .then(
        (records) => live && setState({ records, error: null }),
        (error: unknown) => live && setState({ records: null, error: error as Error }),
      );
    return () => {
      live = false;
    };
  }, [typeIds, user.personId, user.userId, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

export function TicketsPage() {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const names = useRecordNames();
  const { records, error, reload } = useMyRecords();
  if (error) return <Failure error={error} retry={reload} />;
  if (!records) return <Skeleton active />;
  if (records.length === 0) return <Empty description={t('tickets.empty')} />;
  return (
    <Table<RecordView>
      rowKey="id"
      dataSource={records}
      pagination={false}
      size="middle"
      scroll={{ x: true }}
      columns={[
        { title: t('tickets.number'), dataIndex: 'number', render: (number: string, r) => <Link to={`/tickets/${encodeURIComponent(r.type)}/${encodeURIComponent(number)}`}>{number}</Link> },
        { title: t('tickets.subject'), dataIndex: 'title' },
        { title: t('tickets.state'), dataIndex: 'state', render: (state: string, r) => <Tag>{names.state(r.type, state)}</Tag> },
        { title: t('tickets.due'), key: 'due', render: (_: unknown, r) => <RecordSla type={r.type} recordKey={r.id} metric="resolution" compact /> },
        { title: t('tickets.updated'), dataIndex: 'updatedAt', className: 'fd-hide-narrow', render: (at: string) => formatDateTime(at, locale, user.timeZone) },
      ]}
    />
  );
}
