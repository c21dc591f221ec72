/** What a test run holds, read only: its records with their fields and process path, the steps taken, the notifications made. */
import { Card, Descriptions, Empty, List, Tag, Timeline, Typography } from 'antd';
import { useInstantFormat } from './instant-format.js';
import { useTestRunTexts, type TestRunTextKey } from './test-run-texts.js';
import type { RunInstance, TestRun } from './test-runs-api.js';
import { useRunNames } from './use-run-names.js';

const STATUS_COLOURS: Record<string, string> = { running: 'processing', completed: 'success', failed: 'error', cancelled: 'default' };


export function RecordsView({ run }: { run: TestRun }) {
  const t = useTestRunTexts();
  const nameOf = useRunNames(run);
  const loose = run.instances.filter((i) => i.recordId === null);
  return (
    <Card size="small" title={t('records.title')}>
      {run.records.length === 0 && loose.length === 0 && <Empty description={t('records.none')} />}
      {run.records.map((record) => (
        <Card key={record.id} type="inner" size="small" style={{ marginBottom: 12 }} title={`${record.number} · ${record.title}`} extra={<><Tag color="purple">{record.state}</Tag>{record.teamId && <Tag>{nameOf(record.teamId)}</Tag>}{record.assigneeId && <Tag color="blue">{nameOf(record.assigneeId)}</Tag>}</>}>
          <Descriptions size="small" column={1} bordered items={Object.entries(record.fields).map(([name, value]) => ({ key: name, label: name, children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{typeof value === 'string' ? nameOf(value) : JSON.stringify(value)}</Typography.Text> }))} />
          {run.instances.filter((i) => i.recordId === record.id).map((instance) => <InstancePath key={instance.id} instance={instance} />)}
        </Card>
      ))}
      {loose.length > 0 && (
        <Card type="inner" size="small" title={t('records.withoutRecord')}>
          {loose.map((instance) => <InstancePath key={instance.id} instance={instance} />)}
        </Card>
      )}
    </Card>
  );
}

/** The elements an instance went through, in order. */
function InstancePath({ instance }: { instance: RunInstance }) {
  const t = useTestRunTexts();
  const format = useInstantFormat();
  const status = `status.${instance.status}` as TestRunTextKey;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('records.path')}</Typography.Text> <Typography.Text code>{instance.processId}</Typography.Text>{' '}
      <Tag color={STATUS_COLOURS[instance.status] ?? 'default'}>{STATUS_COLOURS[instance.status] ? t(status) : instance.status}</Tag>
      {instance.error && <Typography.Text type="danger">{instance.error.code}: {instance.error.message}</Typography.Text>}
      <Timeline
        style={{ marginTop: 8 }}
        items={instance.history.filter((h) => h.event === 'enter').map((h, i) => ({ key: i, title: format(h.at), content: <><Typography.Text code>{h.elementId}</Typography.Text> <Typography.Text type="secondary">{h.elementType.replace(/^bpmn:/, '')}</Typography.Text></> }))}
      />
    </div>
  );
}

export function StepsView({ run }: { run: TestRun }) {
  const t = useTestRunTexts();
  const format = useInstantFormat();
  if (run.steps.length === 0) return <Card size="small" title={t('steps.title')}><Empty description={t('steps.none')} /></Card>;
  return (
    <Card size="small" title={t('steps.title')}>
      <Timeline
        items={run.steps.map((step, i) => ({
          key: i,
          color: step.failures.length > 0 ? 'red' : 'blue',
          title: format(step.at),
          content: (
            <>
              {t(`steps.${step.kind}`, { subject: step.subject })} {step.record && <Tag>{step.record}</Tag>}
              {step.failures.length > 0 && (
                <div>
                  <Typography.Text type="danger">{t('steps.failures')}</Typography.Text>
                  {step.failures.map((failure, j) => <div key={j}><Typography.Text type="danger" code>{failure}</Typography.Text></div>)}
                </div>
              )}
            </>
          ),
        }))}
      />
    </Card>
  );
}

export function NotificationsView({ run }: { run: TestRun }) {
  const t = useTestRunTexts();
  const format = useInstantFormat();
  return (
    <Card size="small" title={t('notifications.title')}>
      {run.notifications.length === 0 ? (
        <Empty description={t('notifications.none')} />
      ) : (
        <List
          size="small"
          dataSource={run.notifications}
          renderItem={(n) => (
            <List.Item>
              <Tag>{n.channel}</Tag> <Typography.Text code>{n.rule}</Typography.Text> {n.subject} <Typography.Text type="secondary">{format(n.at)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
