/**
 * Writing on a record's timeline: a public reply (with attachments, uploaded with progress once
 * the reply exists) or, for agents, an internal work note.
 */
import { App, Button, Card, Input, Radio, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { api, upload } from './api.js';
import { useI18n } from './i18n/index.js';

type Kind = 'reply' | 'work-note';

export function CommentBox({ recordPath, onSent, kinds }: { recordPath: string; onSent(): void; kinds: readonly Kind[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>(kinds[0]!);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);

  async function send() {
    setBusy(true);
    let comment: { id: string };
    try {
      comment = await api<{ id: string }>(`${recordPath}/comments`, { method: 'POST', body: { kind, body: text } });
    } catch (error) {
      void message.error((error as Error).message);
      setBusy(false);
      return;
    }
    // The reply is posted: a file that fails is reported, and the reply is not offered to be sent twice.
    for (const file of files) {
      try {
        const body = new FormData();
        body.append('commentId', comment.id);
        body.append('file', file.originFileObj as File, file.name);
        await upload(`${recordPath}/attachments`, body, (percent) => setFiles((list) => list.map((f) => (f.uid === file.uid ? { ...f, percent, status: 'uploading' } : f))));
      } catch (error) {
        void message.error(t('request.fileFailed', { file: file.name, message: (error as Error).message }));
      }
    }
    setText('');
    setFiles([]);
    setBusy(false);
    onSent();
  }

  return (
    <Card size="small" title={t('ticket.reply')} style={{ alignSelf: 'start' }}>
      {kinds.length > 1 && (
        <Radio.Group
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          optionType="button"
          options={kinds.map((k) => ({ value: k, label: k === 'work-note' ? t('record.workNote') : t('record.publicReply') }))}
          style={{ marginBottom: 8 }}
        />
      )}
      <Input.TextArea aria-label={t('ticket.reply')} placeholder={t('ticket.replyPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} rows={4} maxLength={20000} />
      <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
        <Button style={{ marginTop: 8 }}>{t('request.attach')}</Button>
      </Upload>
      <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} loading={busy} onClick={() => void send()}>{t('ticket.send')}</Button>
    </Card>
  );
}
