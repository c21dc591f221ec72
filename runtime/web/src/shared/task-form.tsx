/**
 * A task's form, filled and completed (POST /tasks/:id/complete), for whoever holds the task: the
 * requester confirming a resolution in the portal, an agent in the workspace.
 */
import { Alert, Button, Card, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api } from './api.js';
import { Failure } from './failure.js';
import { FlowdeskForm, useBundleForm } from './forms/flowdesk-form.js';
import { useI18n } from './i18n/index.js';
import { useSession } from './session.js';
import { useApi } from './use-api.js';

export interface TaskView {
  id: string;
  instanceId: string;
  elementId: string;
  name: string | null;
  formKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  status: string;
  dueAt: string | null;
  createdAt: string;
  record: { id: string; type: string; number: string; title: string } | null;
}

interface TaskDetail extends TaskView {
  form: { key: string; bundle: string; version: string } | null;
}

/**
 * `initial`: values the form starts with where it has a field of the same name (a record's
 * fields: an agent accepting a ticket sees the impact the requester gave).
 */
export function TaskForm({ taskId, onDone, title, initial }: { taskId: string; onDone(): void; title?: string; initial?: Record<string, unknown> }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const task = useApi<TaskDetail>(`/tasks/${encodeURIComponent(taskId)}`);
  const ref = task.data?.form ? { bundle: task.data.form.bundle, version: task.data.form.version, form: task.data.form.key } : null;
  const { form, error } = useBundleForm(ref, locale);
  const [data, setData] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    if (!form || data !== null) return;
    const fields = Object.keys((form.view.schema.properties ?? {}) as Record<string, unknown>);
    setData(Object.fromEntries(Object.entries(initial ?? {}).filter(([name, value]) => fields.includes(name) && value !== null && value !== undefined)));
  }, [form, data, initial]);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function complete(formData: Record<string, unknown>) {
    setBusy(true);
    setServerError(null);
    try {
      await api(`/tasks/${encodeURIComponent(taskId)}/complete`, { method: 'POST', body: formData });
      onDone();
    } catch (failure) {
      setServerError(failure instanceof ApiError ? failure : new ApiError(0, 'NETWORK', (failure as Error).message));
    } finally {
      setBusy(false);
    }
  }

  if (task.error ?? error) return <Failure error={(task.error ?? error)!} retry={task.reload} />;
  if (!task.data || (ref && !form)) return <Skeleton active />;
  return (
    <Card size="small" title={title ?? form?.view.title ?? task.data.name ?? ''} data-task={task.data.elementId}>
      {form ? (
        <FlowdeskForm form={form} formData={data ?? {}} onChange={setData} onSubmit={(d) => void complete(d)} serverError={serverError} submitLabel={t('task.complete')} busy={busy} context={{ timeZone: user.timeZone, ...(task.data.record ? { record: { type: task.data.record.type, key: task.data.record.id } } : {}) }} />
      ) : (
        <>
          {serverError && <Alert type="error" showIcon role="alert" title={serverError.message} style={{ marginBottom: 12 }} />}
          <Button type="primary" loading={busy} onClick={() => void complete({})}>{t('task.complete')}</Button>
        </>
      )}
    </Card>
  );
}

