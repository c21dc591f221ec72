/**
 * A record field's value as people read it: option titles, yes/no, people by name, other records
 * by number and title, and rich text rendered sanitized.
 */
import { useEffect, useState } from 'react';
import { api } from './api.js';
import { PersonName } from './person-name.js';
import { RichText } from './rich-text.js';
import { useRecordNames, useRecordTypes, type RecordView } from './records.js';

export function FieldValue({ type, field, value }: { type: string; field: string; value: unknown }) {
  const names = useRecordNames();
  const schema = useRecordTypes().get(type)?.fields.properties?.[field] as Record<string, unknown> | undefined;
  const ref = schema?.['x-flowdesk-ref'];
  if (typeof value === 'string' && value) {
    if (schema?.['contentMediaType'] === 'text/html') return <RichText html={value} />;
    if (ref === 'user' || ref === 'person') return <PersonName kind={ref} id={value} />;
    if (typeof ref === 'string' && ref.startsWith('record:')) return <RecordName type={ref.slice('record:'.length)} id={value} />;
  }
  return <>{names.value(type, field, value)}</>;
}

/** Another record by number and title; its id while loading or when out of reach. */
function RecordName({ type, id }: { type: string; id: string }) {
  const [record, setRecord] = useState<RecordView | null>(null);
  useEffect(() => {
    let live = true;
    api<RecordView>(`/records/${encodeURIComponent(type)}/${encodeURIComponent(id)}`).then((found) => live && setRecord(found), () => undefined);
    return () => {
      live = false;
    };
  }, [type, id]);
  return <>{record ? `${record.number} · ${record.title}` : id}</>;
}
