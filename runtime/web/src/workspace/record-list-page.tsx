/** A list view of one record type with filters (state, assigned to me, words searched on the server), newest change first. */
import { Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Failure } from '../shared/failure.js';
import { formatDateTime } from '../shared/format.js';
import { useI18n } from '../shared/i18n/index.js';
import { RecordSla } from '../shared/record-sla.js';
import { useRecordNames, useRecordTypes, type RecordView } from '../shared/records.js';
import { useSession } from '../shared/session.js';
import { useApi, usePolling } from '../shared/use-api.js';

export function RecordListPage() {
  const { type: typeParam } = useParams();
  const { t, locale } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const types = useRecordTypes();
  const names = useRecordNames();
  const type = typeParam ?? [...types.keys()][0] ?? null;
  const recordType = type ? types.get(type) : undefined;
  const [state, setState] = useState<string | undefined>(undefined);
  const [mine, setMine] = useState(false);
  const [text, setText] = useState('');
  const words = text.trim();
  // Words search the records' text on the server (every page of it); state and "mine" then narrow what it found.
  const list = useApi<{ items: RecordView[] }>(
    type ? (words ? '/search' : `/records/${encodeURIComponent(type)}`) : null,
    words ? { q: words, type, limit: 100 } : { state, assigneeId: mine ? user.userId : undefined, limit: 100 },
  );
  usePolling(list.reload, 30_000);
  const shown = (list.data?.items ?? []).filter((r) => !words || ((!state || r.state === state) && (!mine || r.assigneeId === user.userId)));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select aria-label={t('nav.records')} value={type ?? undefined} style={{ minWidth: 160 }} onChange={(value) => navigate(`/records/${encodeURIComponent(value)}`)} options={[...types.values()].map((tp) => ({ value: tp.id, label: names.type(tp.id) }))} />
        <Select aria-label={t('tickets.state')} allowClear placeholder={t('tickets.state')} value={state} style={{ minWidth: 140 }} onChange={setState} options={(recordType?.states ?? []).map((s) => ({ value: s.id, label: names.state(recordType!.id, s.id) }))} />
        <label>
          <Switch checked={mine} onChange={setMine} size="small" /> {t('inbox.mine')}
        </label>
        <Input.Search data-shortcut="search" aria-label={t('common.search')} placeholder={`${t('common.search')} ( / )`} allowClear onSearch={setText} onChange={(e) => e.target.value === '' && setText('')} style={{ width: 220 }} />
      </Space>
      {list.error ? (
        <Failure error={list.error} retry={list.reload} />
      ) : (
        <Table<RecordView>
          rowKey="id"
          loading={!list.data}
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: true }}
          columns={[
            { title: t('tickets.number'), dataIndex: 'number', render: (n: string, r) => <Link to={`/records/${encodeURIComponent(r.type)}/${encodeURIComponent(n)}`}>{n}</Link> },
            { title: t('tickets.subject'), dataIndex: 'title' },
            { title: t('tickets.state'), dataIndex: 'state', render: (s: string, r) => <Tag>{names.state(r.type, s)}</Tag> },
            ...(recordType?.listColumns ?? []).slice(0, 3).map((field) => ({ title: names.field(recordType!.id, field), key: field, className: 'fd-hide-narrow', render: (_: unknown, r: RecordView) => names.value(r.type, field, r.fields[field]) })),
            { title: t('tickets.due'), key: 'sla', render: (_: unknown, r) => <RecordSla type={r.type} recordKey={r.id} compact /> },
            { title: t('tickets.updated'), dataIndex: 'updatedAt', className: 'fd-hide-narrow', render: (at: string) => formatDateTime(at, locale, user.timeZone) },
          ]}
        />
      )}
    </Space>
  );
}
