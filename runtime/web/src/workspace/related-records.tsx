/**
 * Records related to this one: those its fields point to (a field of `x-flowdesk-ref:
 * record:<type>`), and those pointing to it through such a field lists can filter on.
 */
import { Card, List, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../shared/api.js';
import { useI18n } from '../shared/i18n/index.js';
import { useRecordNames, useRecordTypes, type RecordType, type RecordView } from '../shared/records.js';

interface Relation {
  field: string;
  /** The field is on the other record (it points here). */
  incoming: boolean;
  record: RecordView;
}

const refOf = (type: RecordType, field: string) => (type.fields.properties?.[field] as Record<string, unknown> | undefined)?.['x-flowdesk-ref'];

export function RelatedRecords({ record }: { record: RecordView }) {
  const { t } = useI18n();
  const types = useRecordTypes();
  const names = useRecordNames();
  const [relations, setRelations] = useState<Relation[]>([]);
  const typeKey = [...types.keys()].join(',');

  useEffect(() => {
    let live = true;
    const own = types.get(record.type);
    const outgoing = Object.keys(own?.fields.properties ?? {}).flatMap((field) => {
      const ref = own ? refOf(own, field) : undefined;
      const value = record.fields[field];
      return typeof ref === 'string' && ref.startsWith('record:') && typeof value === 'string' ? [{ field, type: ref.slice('record:'.length), id: value }] : [];
    });
    const incoming = [...types.values()].flatMap((type) =>
      type.actions.includes('read') ? type.indexed.filter((field) => refOf(type, field) === `record:${record.type}`).map((field) => ({ type: type.id, field })) : [],
    );
    Promise.all([
      ...outgoing.map(async ({ field, type, id }) => [{ field, incoming: false, record: await api<RecordView>(`/records/${encodeURIComponent(type)}/${encodeURIComponent(id)}`) }]),
      ...incoming.map(async ({ type, field }) => (await api<{ items: RecordView[] }>(`/records/${encodeURIComponent(type)}`, { query: { [`field.${field}`]: record.id, limit: 50 } })).items.map((r) => ({ field, incoming: true, record: r }))),
    ]).then(
      (found) => live && setRelations(found.flat()),
      // A related record out of reach is simply not shown.
      () => live && setRelations([]),
    );
    return () => {
      live = false;
    };
  }, [record.id, record.type, record.version, typeKey]);

  if (relations.length === 0) return null;
  return (
    <Card size="small" title={t('record.related')}>
      <List
        size="small"
        dataSource={relations}
        renderItem={({ field, incoming, record: other }) => (
          <List.Item>
            <Link to={`/records/${encodeURIComponent(other.type)}/${encodeURIComponent(other.number)}`}>{other.number}</Link> {other.title} <Tag>{names.state(other.type, other.state)}</Tag>
            <Tag color={incoming ? 'purple' : 'blue'}>{names.field(incoming ? other.type : record.type, field)}</Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
