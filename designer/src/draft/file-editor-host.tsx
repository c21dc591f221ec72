/**
 * The editor for one draft file, by its kind: processes in the modeler, texts side by side in
 * both languages, forms in the form designer, definition files in their formik editors (JSON one click away), and anything
 * else as text. Heavy editors load when first opened.
 */
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { DraftProblem } from './draft-model.js';
import { TextFileEditor } from './json-file-editor.js';
import { TextsEditor } from './texts-editor.js';
import type { OpenDraft } from './use-draft.js';

const ProcessEditor = lazy(() => import('../process/process-editor.js').then((m) => ({ default: m.ProcessEditor })));
// The formik editors of definition files, loaded with the first such file opened.
const DefinitionEditor = lazy(() =>
  Promise.all([import('../editors/index.js'), import('./structured-editor.js')]).then(([editors, { StructuredEditor }]) => ({
    default: (props: Omit<FileEditorHostProps, 'focusElement'>) => <StructuredEditor draft={props.draft} path={props.path} problems={props.problems} editor={editors.editorFor(props.kind)!} />,
  })),
);
const DEFINITION_KINDS: ReadonlySet<string> = new Set(['notifications', 'sla', 'calendars', 'quality', 'catalog', 'roles']);
// The form designer has its own JSON view.
const FormEditor = lazy(() =>
  Promise.all([import('../forms/form-designer.js'), import('./structured-editor.js')]).then(([{ FormDesigner }, { StructuredEditor }]) => ({
    default: (props: Omit<FileEditorHostProps, 'focusElement' | 'kind'>) => <StructuredEditor draft={props.draft} path={props.path} problems={props.problems} editor={FormDesigner as never} withJsonView={false} />,
  })),
);

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
  if (kind === 'forms') {
    return (
      <Suspense fallback={<Skeleton active />}>
        <FormEditor draft={draft} path={path} problems={problems} />
      </Suspense>
    );
  }
  if (DEFINITION_KINDS.has(kind)) {
    return (
      <Suspense fallback={<Skeleton active />}>
        <DefinitionEditor draft={draft} path={path} kind={kind} problems={problems} />
      </Suspense>
    );
  }
  return <TextFileEditor path={path} content={content} onChange={write} />;
}
