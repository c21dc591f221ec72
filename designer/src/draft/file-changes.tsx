/**
 * One file's changes against the compared version: a process on its diagrams, anything else line
 * by line (JSON, scripts, texts).
 */
import { Alert, Skeleton } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Failure } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import { draftsApi } from '../drafts-api.js';
import { processIdsOf } from './draft-catalogue.js';
import type { BundleDiff } from './diff-model.js';
import { lineDiff } from './line-diff.js';

const ProcessDiff = lazy(() => import('../process/process-diff.js').then((m) => ({ default: m.ProcessDiff })));

function LineDiffView({ before, after }: { before: string; after: string }) {
  const lines = useMemo(() => lineDiff(before, after), [before, after]);
  return (
    <pre className="fd-line-diff">
      {lines.map((line, i) =>
        line.kind === 'folded' ? (
          <div key={i} className="fd-line-folded">⋯ {line.count}</div>
        ) : (
          <div key={i} className={`fd-line-${line.kind}`} data-line={line.kind}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
            {line.text}
          </div>
        ),
      )}
    </pre>
  );
}

export interface FileChangesProps {
  draftId: string;
  path: string;
  /** The file as the draft has it now. */
  after: string;
  against: string | undefined;
  diff: BundleDiff;
}

export function FileChanges({ draftId, path, after, against, diff }: FileChangesProps) {
  const t = useDesignerTexts();
  const [before, setBefore] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    draftsApi.baseFile(draftId, path, against).then(
      (content) => live && setBefore(content),
      (failure: Error) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [draftId, path, against]);
  if (error) return <Failure error={error} />;
  if (before === undefined) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (path.endsWith('.bpmn')) {
    const ids = new Set([...processIdsOf(after), ...processIdsOf(before ?? '')]);
    const of = (key: 'added' | 'removed' | 'changed') => [...ids].flatMap((id) => diff.processes[id]?.[key] ?? []);
    return (
      <Suspense fallback={<Skeleton active />}>
        <ProcessDiff before={before} after={after} changes={{ added: of('added'), removed: of('removed'), changed: of('changed') }} afterLabel={t('diff.after')} beforeLabel={t('diff.before', { version: diff.from.label })} />
      </Suspense>
    );
  }
  return (
    <>
      {before === null && <Alert type="info" title={t('diff.newFile')} style={{ marginBottom: 8 }} />}
      <LineDiffView before={before ?? ''} after={after} />
    </>
  );
}
