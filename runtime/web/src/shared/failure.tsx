import { Alert, Button } from 'antd';
import { useI18n } from './i18n/index.js';

/** A failed load, with its message and a retry. */
export function Failure({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('common.error', { message: error.message })}
      action={retry ? <Button size="small" onClick={retry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
