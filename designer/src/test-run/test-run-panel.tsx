/**
 * A live test run: its clock, who acts in it and moving time on; starting work, the open tasks
 * and their forms on one side, what the run holds and the steps taken on the other.
 */
import { Alert, Button, Col, Descriptions, Input, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../runtime/web/index.js';
import { useInstantFormat } from './instant-format.js';
import { NotificationsView, RecordsView, StepsView } from './run-state.js';
import { StartSection } from './start-section.js';
import { TaskList } from './task-list.js';
import { useTestRunTexts } from './test-run-texts.js';
import { testRunsApi, type TestRun } from './test-runs-api.js';
import { useRunAction } from './use-run-action.js';

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export function TestRunPanel({ run, onRun }: { run: TestRun; onRun(run: TestRun): void }) {
  const t = useTestRunTexts();
  const format = useInstantFormat();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('about', { time: format(run.createdAt) })} />
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'clock', label: t('clock'), children: <><strong>{format(run.now)}</strong> <AdvanceTime run={run} onRun={onRun} /></> },
          { key: 'tester', label: t('tester'), children: <>{t('testerName')} {run.tester.roles.map((role) => <Tag key={role}>{role}</Tag>)}</> },
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <StartSection run={run} onRun={onRun} />
            <TaskList run={run} onRun={onRun} />
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <RecordsView run={run} />
            <StepsView run={run} />
            <NotificationsView run={run} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** Moves the run's clock on: timers, SLA thresholds and reminders due on the way fire. */
function AdvanceTime({ run, onRun }: { run: TestRun; onRun(run: TestRun): void }) {
  const t = useTestRunTexts();
  const { locale } = useI18n();
  const { busy, error, act } = useRunAction(onRun);
  const [by, setBy] = useState('PT1H');
  const isDuration = DURATION.test(by);
  return (
    <>
      <Space.Compact style={{ marginLeft: 12 }}>
        <Input aria-label={t('advance.by')} title={t('advance.by')} value={by} onChange={(e) => setBy(e.target.value.trim().toUpperCase())} status={isDuration ? '' : 'error'} style={{ width: 110 }} maxLength={40} />
        <Button loading={busy} disabled={!isDuration} onClick={() => void act(() => testRunsApi.advance(run, by, locale))}>{t('advance')}</Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginTop: 8 }} />}
    </>
  );
}
