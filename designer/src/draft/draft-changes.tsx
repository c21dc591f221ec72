/**
 * What the draft changes against an installed version (the one it came from, or one picked): by
 * kind, element and field, and file by file — processes on their diagrams, the rest line by line.
 */
import { Button, Collapse, Descriptions, Empty, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Failure, useApi } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import { draftsApi, type InstalledVersion } from '../drafts-api.js';
import { FileChanges } from './file-changes.js';
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

/** Where the changes view can show each file's changes (the draft page; not the import preview). */
export interface DiffSource {
  draftId: string;
  files: ReadonlyMap<string, string>;
  against: string | undefined;
}

export function DiffView({ diff, source }: { diff: BundleDiff | null; source?: DiffSource }) {
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
      {source && [...diff.files.added, ...diff.files.changed].length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('diff.fileChanges')}</Typography.Title>
          <Collapse
            destroyOnHidden
            items={[...diff.files.added, ...diff.files.changed].filter((path) => source.files.has(path)).map((path) => ({
              key: path,
              label: path,
              children: <FileChanges draftId={source.draftId} path={path} after={source.files.get(path)!} against={source.against} diff={diff} />,
            }))}
          />
        </>
      )}
    </>
  );
}

export function DraftChanges({ draftId, bundle, files, beforeOpen }: { draftId: string; bundle: string; files: ReadonlyMap<string, string>; beforeOpen(): Promise<boolean> }) {
  const t = useDesignerTexts();
  const [open, setOpen] = useState(false);
  const [against, setAgainst] = useState<string | undefined>(undefined);
  const [shown, setShown] = useState<{ diff: BundleDiff | null } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const installed = useApi<{ bundles: InstalledVersion[] }>(open ? '/bundles' : null);
  const versions = (installed.data?.bundles ?? []).filter((v) => v.name === bundle).map((v) => v.version);
  const show = async (version: string | undefined) => {
    setOpen(true);
    setAgainst(version);
    setError(null);
    setShown(null);
    try {
      await beforeOpen();
      setShown({ diff: (await draftsApi.diff(draftId, version)) as BundleDiff | null });
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <>
      <Button onClick={() => void show(undefined)}>{t('draft.diff')}</Button>
      <Modal open={open} title={t('draft.diff')} footer={null} width={1000} onCancel={() => setOpen(false)} destroyOnHidden>
        {versions.length > 0 && (
          <Space style={{ marginBottom: 12 }}>
            <span>{t('diff.against')}</span>
            <Select aria-label={t('diff.against')} style={{ minWidth: 140 }} value={against ?? shown?.diff?.from.version} options={versions.map((v) => ({ value: v, label: v }))} onChange={(v: string) => void show(v)} />
          </Space>
        )}
        {error ? <Failure error={error} /> : shown ? <DiffView diff={shown.diff} source={{ draftId, files, against }} /> : <Skeleton active />}
      </Modal>
    </>
  );
}
