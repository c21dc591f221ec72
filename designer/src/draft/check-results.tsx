/** The check's verdict: the version publishing would make, or each problem linked to its file and element. */
import { Alert, Button, List, Typography } from 'antd';
import { useDesignerTexts } from '../designer-texts.js';
import type { CheckResult } from '../drafts-api.js';

export function CheckResults({ check, onOpen }: { check: CheckResult; onOpen?(path: string, element?: string): void }) {
  const t = useDesignerTexts();
  if (check.valid) return <Alert type="success" showIcon role="status" title={t('draft.valid', { version: check.version })} style={{ marginBottom: 12 }} />;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      title={t('draft.problems', { count: check.problems.length })}
      description={
        <List
          size="small"
          className="fd-problems"
          dataSource={check.problems}
          renderItem={(problem) => (
            <List.Item>
              <Button type="link" size="small" disabled={!problem.file || !onOpen} onClick={() => problem.file && onOpen?.(problem.file, problem.element)}>
                {problem.file ?? ''}
                {problem.element ? ` · ${problem.element}` : problem.pointer ? ` · ${problem.pointer}` : ''}
              </Button>
              <Typography.Text code>{problem.code}</Typography.Text> {problem.message}
            </List.Item>
          )}
        />
      }
    />
  );
}
