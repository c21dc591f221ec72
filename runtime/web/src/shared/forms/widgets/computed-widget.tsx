/**
 * A computed field (`x-flowdesk-computed`): shown, never edited. flowdesk-form.tsx recomputes its
 * value as the fields it is computed from change (rjsf widgets see only their own value); the
 * server recomputes it again on submit. An option's title stands in for its value.
 */
import type { WidgetProps } from '@rjsf/utils';
import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';

export function ComputedWidget({ id, label, value, options }: WidgetProps) {
  const { t } = useI18n();
  const hasValue = value !== undefined && value !== null && value !== '';
  const title = options.enumOptions?.find((option) => option.value === value)?.label;
  return (
    <output id={id} aria-label={label} aria-live="polite" data-computed-value={hasValue ? String(value) : ''}>
      {hasValue ? <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }}>{title ?? String(value)}</Tag> : <Typography.Text type="secondary">{t('form.computed.pending')}</Typography.Text>}
    </output>
  );
}
