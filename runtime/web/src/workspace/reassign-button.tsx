/** Handing a task to another agent (POST /tasks/:id/reassign), with a reason kept in its history. */
import { App, Button, Input, Popover, Space } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api.js';
import { RemoteSelect } from '../shared/forms/widgets/remote-select.js';
import { useI18n } from '../shared/i18n/index.js';
import { personLabelOf, searchPeople } from '../shared/people.js';

export function ReassignButton({ taskId, onDone }: { taskId: string; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function reassign() {
    if (!assignee) return;
    setBusy(true);
    try {
      await api(`/tasks/${encodeURIComponent(taskId)}/reassign`, { method: 'POST', body: { assignee, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      setOpen(false);
      onDone();
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const panel = (
    <Space orientation="vertical" style={{ width: 280 }}>
      <RemoteSelect id={`reassign-${taskId}`} ariaLabel={t('task.reassignTo')} placeholder={t('task.reassignTo')} value={assignee} onChange={setAssignee} search={(q) => searchPeople('user', q)} labelOf={(id) => personLabelOf('user', id)} />
      <Input aria-label={t('task.reason')} placeholder={t('task.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      <Button type="primary" disabled={!assignee} loading={busy} onClick={() => void reassign()}>{t('task.reassign')}</Button>
    </Space>
  );
  return (
    <Popover content={panel} trigger="click" open={open} onOpenChange={setOpen}>
      <Button size="small">{t('task.reassign')}</Button>
    </Popover>
  );
}
