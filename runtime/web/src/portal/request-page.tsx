/**
 * Requesting a catalog entry: its start form, checked in the browser, then by the server (whose
 * violations land on their fields); files chosen here are attached once the ticket exists, each
 * with its progress.
 */
import { InboxOutlined } from '@ant-design/icons';
import { App, Card, Progress, Skeleton, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, upload } from '../shared/api.js';
import { Failure } from '../shared/failure.js';
import { FlowdeskForm, useBundleForm } from '../shared/forms/flowdesk-form.js';
import { useI18n } from '../shared/i18n/index.js';
import type { RecordView } from '../shared/records.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';

interface ResolvedEntry {
  entry: { ref: string; title: string; description: string | null };
  bundle: { name: string; version: string };
  startForm: { bundle: string; id: string } | null;
}

export function RequestPage() {
  const { entry: entryRef = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const resolved = useApi<ResolvedEntry>(`/catalog/entries/${encodeURIComponent(entryRef)}`, { lang: locale });
  const formRef = resolved.data?.startForm ? { bundle: resolved.data.bundle.name, version: resolved.data.bundle.version, form: resolved.data.startForm.id } : null;
  const { form, error: formError } = useBundleForm(formRef, locale);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  // Files chosen in the form's own file fields, by field: uploaded with the others once the record exists.
  const [fieldFiles, setFieldFiles] = useState<Record<string, UploadFile[]>>({});
  const pending = [...files, ...Object.values(fieldFiles).flat()];
  const { user } = useSession();
  const [progress, setProgress] = useState<Record<string, number>>({});

  async function submit(formData: Record<string, unknown>) {
    setBusy(true);
    setServerError(null);
    let record: RecordView;
    try {
      ({ record } = await api<{ record: RecordView }>(`/catalog/entries/${encodeURIComponent(entryRef)}/requests`, { method: 'POST', body: { data: formData } }));
    } catch (error) {
      setServerError(error instanceof ApiError ? error : new ApiError(0, 'NETWORK', (error as Error).message));
      setBusy(false);
      return;
    }
    // The ticket exists now: a file that fails is reported on the way to it, never a reason to submit again.
    for (const file of pending) {
      try {
        const body = new FormData();
        body.append('file', file.originFileObj as File, file.name);
        await upload(`/records/${encodeURIComponent(record.type)}/${record.id}/attachments`, body, (percent) => setProgress((p) => ({ ...p, [file.uid]: percent })));
      } catch (error) {
        void message.error(t('request.fileFailed', { file: file.name, message: (error as Error).message }));
      }
    }
    void message.success(t('request.done', { number: record.number }));
    navigate(`/tickets/${encodeURIComponent(record.type)}/${encodeURIComponent(record.number)}`);
  }

  if (resolved.error) return <Failure error={resolved.error} retry={resolved.reload} />;
  if (formError) return <Failure error={formError} />;
  if (!resolved.data || (formRef && !form)) return <Skeleton active paragraph={{ rows: 8 }} />;
  const entry = resolved.data.entry;
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{entry.title}</Typography.Title>
      {entry.description && <Typography.Paragraph type="secondary">{entry.description}</Typography.Paragraph>}
      {form && (
        <FlowdeskForm
          form={form}
          formData={data}
          onChange={setData}
          onSubmit={(formData) => void submit(formData)}
          serverError={serverError}
          submitLabel={busy ? t('request.submitting') : t('request.submit')}
          busy={busy}
          context={{ timeZone: user.timeZone, onFilesForLater: (field, chosen) => setFieldFiles((all) => ({ ...all, [field]: chosen })) }}
          extra={
            <div style={{ marginBottom: 16 }}>
              <Typography.Text strong>{t('request.attachments')}</Typography.Text>
              <Upload.Dragger
                multiple
                fileList={files}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList)}
                aria-label={t('request.attach')}
              >
                <p><InboxOutlined aria-hidden style={{ fontSize: 28 }} /></p>
                <p>{t('request.attach')}</p>
              </Upload.Dragger>
              {pending.map((file) => progress[file.uid] !== undefined && <Progress key={file.uid} percent={progress[file.uid]} size="small" aria-label={file.name} />)}
            </div>
          }
        />
      )}
    </Card>
  );
}
