/** Open records of every type I may read that nobody holds yet. */
import { Empty, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../shared/api.js';
import { Failure } from '../shared/failure.js';
import { useI18n } from '../shared/i18n/index.js';
import { RecordSla } from '../shared/record-sla.js';
import { useRecordNames, useRecordTypes, type RecordView } from '../shared/records.js';

export function UnassignedRecords() {
  const { t } = useI18n();
  const types = useRecordTypes();
  const names = useRecordNames();
  const [state, setState] = useState<{ items: RecordView[] | null; error: Error | null }>({ items: null, error: null });
  const open = [...types.values()].filter((type) => type.actions.includes('read'));
  const key = open.map((type) => type.id).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(
      open.map((type) =>
        api<{ items: RecordView[] }>(`/records/${encodeURIComponent(type.id)}`, {
          query: { assigneeId: '', limit: 100, sort: 'createdAt' },
        }).then((page) => page.items.filter((r) => !type.states.find((s) => s.id === r.state)?.isFinal)),
      ),
    ).then(
      (pages) => live && setState({ items: pages.flat(), error: null }),
      (error: unknown) => live && setState({ items: null, error: error as Error }),
    );
    return () => {
      live = false;
    };
    // `open` is derived from the types, which `key` names.
  }, [key]);
  if (state.error) return <Failure error={state.error} />;
  return (
    <Table<RecordView>
      rowKey="id"
      loading={!state.items}
      dataSource={state.items ?? []}
      locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
      pagination={false}
      size="middle"
      scroll={{ x: true }}
      columns={[
        { title: t('tickets.number'), dataIndex: 'number', render: (n: string, r) => <Link to={`/records/${encodeURIComponent(r.type)}/${encodeURIComponent(n)}`}>{n}</Link> },
        { title: t('tickets.subject'), dataIndex: 'title' },
        { title: t('tickets.state'), dataIndex: 'state', render: (s: string, r) => <Tag>{names.state(r.type, s)}</Tag> },
        { title: t('tickets.due'), key: 'sla', render: (_: unknown, r) => <RecordSla type={r.type} recordKey={r.id} compact /> },
      ]}
    />
  );
}
