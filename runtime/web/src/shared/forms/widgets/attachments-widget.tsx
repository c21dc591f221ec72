/**
 * A file field (`{ type: array, items: { type: string, x-flowdesk-ref: attachment } }`): each file
 * chosen is uploaded to the form's record (POST /records/:type/:key/attachments) with its progress,
 * and the field keeps the attachment ids. A start form has no record yet: the files go to the page
 * (the form context's `onFilesForLater`), which uploads them once the request has made the record;
 * a page that cannot says files are attached after submitting.
 */
import { UploadOutlined } from '@ant-design/icons';
import type { WidgetProps } from '@rjsf/utils';
import { Button, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, upload } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import type { FlowdeskFormContext } from './index.js';

interface AttachmentView {
  id: string;
  fileName: string;
  size: number;
}

const idsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function AttachmentsWidget(props: WidgetProps) {
  const context = (props.registry.formContext ?? {}) as FlowdeskFormContext;
  if (context.record) return <UploadToRecord {...props} record={context.record} />;
  if (context.onFilesForLater) return <UploadAfterSubmit {...props} hand={context.onFilesForLater} />;
  return <AttachAfterSubmit />;
}

function AttachAfterSubmit() {
  const { t } = useI18n();
  return <Typography.Text type="secondary">{t('form.files.afterSubmit')}</Typography.Text>;
}

/** Start form: the files are chosen here and uploaded by the page once the record exists. */
function UploadAfterSubmit({ id, name, label, disabled, readonly, hand }: WidgetProps & { hand: NonNullable<FlowdeskFormContext['onFilesForLater']> }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <div data-attachments={name}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>{t('form.files.whenSubmitted')}</Typography.Paragraph>
      <Upload
        multiple
        fileList={files}
        beforeUpload={() => false}
        onChange={({ fileList }) => {
          setFiles(fileList);
          hand(name, fileList);
        }}
        disabled={disabled || readonly}
      >
        <Button id={id} icon={<UploadOutlined />} aria-label={`${label}: ${t('form.files.add')}`}>{t('form.files.add')}</Button>
      </Upload>
    </div>
  );
}

/** Task form: each file goes to the record at once, and its id into the field. */
function UploadToRecord({ id, name, label, value, onChange, disabled, readonly, record }: WidgetProps & { record: { type: string; key: string } }) {
  const { t } = useI18n();
  const base = `/records/${encodeURIComponent(record.type)}/${encodeURIComponent(record.key)}/attachments`;
  const [files, setFiles] = useState<UploadFile[]>([]);
  // Uploads finish one by one, after renders the closure has not seen: the newest ids live here.
  const ids = useRef<string[]>(idsOf(value));
  ids.current = idsOf(value);

  // Ids the form opens with: shown by their names.
  useEffect(() => {
    const known = idsOf(value);
    if (known.length === 0) return;
    let live = true;
    api<{ items: AttachmentView[] }>(base).then(
      ({ items }) => live && setFiles(items.filter((a) => known.includes(a.id)).map((a) => ({ uid: a.id, name: a.fileName, status: 'done', size: a.size, response: a }))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [base]);

  return (
    <div data-attachments={name}>
      <Upload
        multiple
        fileList={files}
        onChange={({ fileList }) => setFiles(fileList)}
        onRemove={(file) => {
          const removed = (file.response as AttachmentView | undefined)?.id;
          if (removed) onChange(ids.current.filter((i) => i !== removed));
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const body = new FormData();
          body.append('file', file as File, (file as File).name);
          upload<AttachmentView>(base, body, (percent) => onProgress?.({ percent })).then(
            (attachment) => {
              ids.current = [...ids.current, attachment.id];
              onChange(ids.current);
              onSuccess?.(attachment);
            },
            (error: Error) => onError?.(error),
          );
        }}
        disabled={disabled || readonly}
      >
        <Button id={id} icon={<UploadOutlined />} aria-label={`${label}: ${t('form.files.add')}`}>{t('form.files.add')}</Button>
      </Upload>
    </div>
  );
}
