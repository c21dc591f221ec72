/** A week of working hours: for each weekday its working intervals (from, to), added and removed one by one. */
import { Button, Col, Form, Input, Row, Typography } from 'antd';
import { useId } from 'react';
import { useChoiceText } from '../choice-texts.js';
import { WEEKDAYS } from '../choices.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { Weekday, WorkingInterval } from '../file-shapes.js';
import { useFieldMessages } from '../form/editor-scope.js';
import { useFieldValue } from '../form/field-controls.js';
import { orNothingWhenEmpty, withItemAdded, withItemRemoved } from '../list-edits.js';
import { useCalendarTexts } from './calendar-texts.js';

function TimeInput({ path, label }: { path: string; label: string }) {
  const id = useId();
  const [value, setValue] = useFieldValue<string>(path);
  const messages = useFieldMessages(path);
  return (
    <Form.Item label={label} htmlFor={id} validateStatus={messages.length > 0 ? 'error' : undefined} help={messages.length > 0 ? messages.join('; ') : undefined}>
      <Input id={id} value={value ?? ''} placeholder="09:00" inputMode="numeric" onChange={(e) => setValue(e.target.value)} />
    </Form.Item>
  );
}

function DayHours({ path, day }: { path: string; day: Weekday }) {
  const t = useCalendarTexts();
  const common = useEditorTexts();
  const dayName = useChoiceText()('weekday', day);
  const [intervals, setIntervals] = useFieldValue<WorkingInterval[]>(path);
  const messages = useFieldMessages(path);
  const list = intervals ?? [];
  const last = list[list.length - 1];
  return (
    <div role="group" aria-label={dayName} style={{ marginBottom: 8 }}>
      <Typography.Text strong>{dayName}</Typography.Text> {list.length === 0 && <Typography.Text type="secondary">{t('day.off')}</Typography.Text>}
      {messages.length > 0 && <Form.ErrorList errors={messages} />}
      {list.map((interval, index) => (
        <Row key={index} gutter={8} align="bottom">
          <Col xs={10} md={6}>
            <TimeInput path={fieldPath(path, index, 'from')} label={t('interval.from', { day: dayName })} />
          </Col>
          <Col xs={10} md={6}>
            <TimeInput path={fieldPath(path, index, 'to')} label={t('interval.to', { day: dayName })} />
          </Col>
          <Col xs={4} md={4}>
            <Form.Item>
              <Button danger aria-label={common('list.remove', { what: t('interval.name', { day: dayName, from: interval.from, to: interval.to }) })} onClick={() => setIntervals(orNothingWhenEmpty(withItemRemoved(list, index)))}>
                {common('list.remove', { what: '' })}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      ))}
      <Button size="small" onClick={() => setIntervals(withItemAdded(list, last ? { from: last.to, to: last.to } : { from: '09:00', to: '18:00' }))}>
        {common('list.add', { what: `${t('interval')} (${dayName})` })}
      </Button>
    </div>
  );
}

export function WeekField({ path }: { path: string }) {
  const t = useCalendarTexts();
  return (
    <section aria-label={t('week')} style={{ marginBottom: 16 }}>
      <Typography.Title level={5}>{t('week')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('week.help')}</Typography.Paragraph>
      {WEEKDAYS.map((day) => (
        <DayHours key={day} path={fieldPath(path, day)} day={day} />
      ))}
    </section>
  );
}
