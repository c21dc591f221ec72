/**
 * Importing a bundle archive: it becomes a draft made on the newest installed version of its
 * bundle, and before anything else the admin sees what publishing it would change and whether it
 * passes the check — then opens the draft, or discards it.
 */
import { Button, Modal, Space } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Failure } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import { draftsApi, type CheckResult, type DraftView } from '../drafts-api.js';
import { CheckResults } from '../draft/check-results.js';
import { DiffView } from '../draft/draft-changes.js';
import type { BundleDiff } from '../draft/diff-model.js';

interface Preview {
  draft: DraftView;
  diff: BundleDiff | null;
  check: CheckResult;
}

export function ImportArchive({ onDiscarded }: { onDiscarded(): void }) {
  const t = useDesignerTexts();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);

  const importFile = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const draft = await draftsApi.importArchive(file);
      const [diff, check] = await Promise.all([draftsApi.diff(draft.id), draftsApi.check(draft.id)]);
      setPreview({ draft, diff: diff as BundleDiff | null, check });
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const discard = async () => {
    if (preview) await draftsApi.remove(preview.draft.id).catch(setError);
    setPreview(null);
    onDiscarded();
  };

  return (
    <>
      <input ref={input} type="file" accept=".tgz,.tar.gz,application/gzip" hidden aria-label={t('import.archive')} onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
      <Button loading={busy} onClick={() => input.current?.click()}>{t('import.archive')}</Button>
      {error && <Failure error={error} />}
      <Modal
        open={preview !== null}
        width={900}
        title={preview ? t('import.title', { bundle: preview.draft.bundle }) : ''}
        onCancel={() => void discard()}
        footer={
          <Space>
            <Button onClick={() => void discard()}>{t('import.discard')}</Button>
            <Button type="primary" onClick={() => preview && navigate(`/drafts/${preview.draft.id}`)}>{t('import.open')}</Button>
          </Space>
        }
        destroyOnHidden
      >
        {preview && (
          <>
            <CheckResults check={preview.check} />
            <DiffView diff={preview.diff} />
          </>
        )}
      </Modal>
    </>
  );
}
