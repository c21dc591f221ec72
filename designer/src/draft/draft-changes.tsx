/** What the draft changes against the version it came from, by kind, element and field. */
import { Button, Descriptions, Empty, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Failure } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import { draftsApi } from '../drafts-api.js';
import { isEmpty, type BundleDiff, type IdChanges } from './diff-model.js';

function Changes({ changes }: { changes: IdChanges }) {
  const t = useDesignerTexts();
  return (
    <span className="fd-changes">
      {changes.added.map((id) => <Tag key={`+${id}`} color="green">{t('diff.added')} {id}</Tag>)}
      {changes.removed.map((id) => <Tag key={`-${id}`} color="red">{t('diff.removed')} {id}</Tag>)}
      {changes.changed.map((id) => <Tag key={`~${id}`} color="gold">{t('diff.changed')} {id}</Tag>)}
    </span>
  );
}

export function DiffView({ diff }: { diff: BundleDiff | null }) {
  const t = useDesignerTexts();
  if (!diff) return <Typography.Paragraph>{t('diff.newBundle')}</Typography.Paragraph>;
  const rows = [
    { label: t('diff.files'), changes: diff.files },
    ...Object.entries(diff.definitions).map(([kind, changes]) => ({ label: t('diff.definitions', { kind }), changes })),
    ...Object.entries(diff.processes).map(([id, changes]) => ({ label: t('diff.process', { id }), changes })),
    ...Object.entries(diff.forms).map(([id, changes]) => ({ label: t('diff.form', { id }), changes })),
    ...Object.entries(diff.records).map(([id, changes]) => ({ label: t('diff.record', { id }), changes })),
  ].filter((row) => !isEmpty(row.changes));
  if (rows.length === 0) return <Empty description={t('diff.none')} />;
  return (
    <>
      <Typography.Paragraph>{t('diff.suggested', { bump: diff.suggestedBump })}</Typography.Paragraph>
      <Descriptions bordered size="small" column={1} items={rows.map((row, i) => ({ key: i, label: row.label, children: <Changes changes={row.changes} /> }))} />
    </>
  );
}

export function DraftChanges({ draftId, beforeOpen }: { draftId: string; beforeOpen(): Promise<boolean> }) {
  const t = useDesignerTexts();
  const [shown, setShown] = useState<{ diff: BundleDiff | null } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const show = async () => {
    setError(null);
    try {
      await beforeOpen();
      setShown({ diff: (await draftsApi.diff(draftId)) as BundleDiff | null });
    } catch (failure) {
      setError(failure as Error);
      setShown({ diff: null });
    }
  };
  return (
    <>
      <Button onClick={() => void show()}>{t('draft.diff')}</Button>
      <Modal open={shown !== null} title={t('draft.diff')} footer={null} width={900} onCancel={() => setShown(null)} destroyOnHidden>
        {error ? <Failure error={error} /> : shown && <DiffView diff={shown.diff} />}
      </Modal>
    </>
  );
}
