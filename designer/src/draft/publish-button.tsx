/** Publishing a draft as a new immutable version: checked first, with the version the check suggests. */
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { Failure } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import { draftsApi, type CheckResult } from '../drafts-api.js';
import { CheckResults } from './check-results.js';

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function PublishButton({ draftId, beforeOpen, onPublished }: { draftId: string; beforeOpen(): Promise<boolean>; onPublished(): void }) {
  const t = useDesignerTexts();
  const { message } = App.useApp();
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      await beforeOpen();
      const checked = await draftsApi.check(draftId);
      setCheck(checked);
      setVersion(checked.version);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const published = await draftsApi.publish(draftId, version);
      void message.success(t('draft.published', published));
      setCheck(null);
      onPublished();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" loading={busy && !check} onClick={() => void open()}>{t('draft.publish')}</Button>
      {error && !check && <Failure error={error} />}
      <Modal
        open={check !== null}
        title={t('publish.title')}
        okText={t('publish.confirm')}
        okButtonProps={{ disabled: !check?.valid || !SEMVER.test(version), loading: busy }}
        onOk={() => void publish()}
        onCancel={() => setCheck(null)}
        destroyOnHidden
      >
        {check && !check.valid && (
          <>
            <Alert type="error" showIcon title={t('publish.invalid')} style={{ marginBottom: 12 }} />
            <CheckResults check={check} />
          </>
        )}
        {error && <Failure error={error} />}
        <Form layout="vertical">
          <Form.Item label={t('draft.publishVersion')}>
            <Input value={version} onChange={(e) => setVersion(e.target.value.trim())} maxLength={64} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
