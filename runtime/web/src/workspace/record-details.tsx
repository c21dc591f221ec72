/**
 * A record's details, and changing them in place: the fields the agent may change now (grants
 * and state, as the server enforces them) in the record type's form, checked in the browser by
 * its compiled validator, saved against the version shown — a change made meanwhile by someone
 * else is a conflict to reload, never overwritten.
 */
import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../shared/api.js';
import { FieldValue } from '../shared/field-value.js';
import { formatDateTime } from '../shared/format.js';
import { FlowdeskForm, FormSkeleton, useRecordTypeForm, type LoadedForm } from '../shared/forms/flowdesk-form.js';
import { useI18n } from '../shared/i18n/index.js';
import { editableFields, shownFields, useRecordNames, type RecordType, type RecordView } from '../shared/records.js';
import { useSession } from '../shared/session.js';

export function RecordDetails({ record, type, onSaved }: { record: RecordView; type: RecordType | undefined; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const names = useRecordNames();
  const editable = editableFields(type, record);
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      title={t('ticket.fields')}
      extra={editable.length > 0 && !editing ? <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>{t('record.edit')}</Button> : null}
    >
      {editing ? (
        <FieldsEditor record={record} editable={editable} onDone={(saved) => { setEditing(false); if (saved) onSaved(); }} />
      ) : (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('ticket.created')}>{formatDateTime(record.createdAt, locale, user.timeZone)}</Descriptions.Item>
          {shownFields(type, record).map((field) => (
            <Descriptions.Item key={field} label={names.field(record.type, field)}><FieldValue type={record.type} field={field} value={record.fields[field]} /></Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

/** The form shows every field (hidden ones keep their values, so the whole record is checked) but offers only the editable. */
function editingForm(form: LoadedForm, editable: readonly string[]): LoadedForm {
  const uiSchema = { ...form.view.uiSchema };
  for (const name of Object.keys(form.view.schema.properties ?? {})) {
    if (!editable.includes(name)) uiSchema[name] = { ...(uiSchema[name] as object | undefined), 'ui:widget': 'hidden' };
  }
  return { ...form, view: { ...form.view, uiSchema } };
}

function FieldsEditor({ record, editable, onDone }: { record: RecordView; editable: readonly string[]; onDone(saved: boolean): void }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const { form, error } = useRecordTypeForm(record.type, locale);
  const shown = useMemo(() => (form ? editingForm(form, editable) : null), [form, editable]);
  const [data, setData] = useState<Record<string, unknown>>(record.fields);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(formData: Record<string, unknown>) {
    const changed = Object.fromEntries(
      editable.filter((name) => JSON.stringify(formData[name] ?? null) !== JSON.stringify(record.fields[name] ?? null)).map((name) => [name, formData[name] ?? null]),
    );
    if (Object.keys(changed).length === 0) return onDone(false);
    setBusy(true);
    try {
      await api(`/records/${encodeURIComponent(record.type)}/${record.id}`, { method: 'PATCH', body: { fields: changed, version: record.version } });
      onDone(true);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'RECORD_VERSION_CONFLICT') {
        void message.warning(t('record.stale'));
        return onDone(true);
      }
      // The server names fields as /fields/<name>; the form's fields are at the top.
      const moved = failure instanceof ApiError ? new ApiError(failure.status, failure.code, failure.message, failure.details.map((d) => ({ ...d, ...(typeof d.pointer === 'string' ? { pointer: d.pointer.replace(/^\/fields/, '') } : {}) }))) : new ApiError(0, 'NETWORK', String(failure));
      setServerError(moved);
    } finally {
      setBusy(false);
    }
  }

  if (error) return <span role="alert">{t('common.error', { message: error.message })}</span>;
  if (!shown) return <FormSkeleton />;
  return (
    <>
      <FlowdeskForm form={shown} formData={data} onChange={setData} onSubmit={(d) => void save(d)} serverError={serverError} submitLabel={t('record.save')} busy={busy} context={{ record: { type: record.type, key: record.id }, timeZone: user.timeZone }} />
      <Button type="link" onClick={() => onDone(false)}>{t('common.cancel')}</Button>
    </>
  );
}
