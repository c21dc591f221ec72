/**
 * The editor for one draft file, by its kind: processes in the modeler, texts side by side in
 * both languages, and anything else as text until its kind has an editor of its own. Heavy editors load when first opened.
 */
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { DraftProblem } from './draft-model.js';
import { TextFileEditor } from './json-file-editor.js';
import { TextsEditor } from './texts-editor.js';
import type { OpenDraft } from './use-draft.js';

const ProcessEditor = lazy(() => import('../process/process-editor.js').then((m) => ({ default: m.ProcessEditor })));

export interface FileEditorHostProps {
  draft: OpenDraft;
  path: string;
  kind: string;
  problems: DraftProblem[];
  focusElement: string | null;
}

export function FileEditorHost({ draft, path, kind, problems, focusElement }: FileEditorHostProps) {
  const content = draft.files.get(path) ?? '';
  const write = (text: string) => draft.setFile(path, text);
  if (kind === 'processes') {
    return (
      <Suspense fallback={<Skeleton active />}>
        <ProcessEditor xml={content} onChange={write} catalogue={draft.catalogue} problems={problems} focusElement={focusElement} />
      </Suspense>
    );
  }
  if (kind === 'i18n') return <TextsEditor draft={draft} />;
  return <TextFileEditor path={path} content={content} onChange={write} />;
}
