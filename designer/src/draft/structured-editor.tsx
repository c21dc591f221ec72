/**
 * A JSON file of the draft in its kind's editor (the form designer, the formik editors), with its
 * JSON beside it one click away. A file that is not an object of its kind's rough shape, or that
 * the editor cannot show, opens as JSON: editing never depends on the file being right.
 */
import { Alert, Segmented } from 'antd';
import { Component, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { useDesignerTexts } from '../designer-texts.js';
import { parseJson } from './draft-catalogue.js';
import type { DraftProblem, JsonFileEditorProps } from './draft-model.js';
import { TextFileEditor } from './json-file-editor.js';
import type { OpenDraft } from './use-draft.js';

class EditorBoundary extends Component<{ fallback(error: Error): ReactNode; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

export interface StructuredEditorProps {
  draft: OpenDraft;
  path: string;
  problems: DraftProblem[];
  editor: ComponentType<JsonFileEditorProps<unknown>>;
  /** Whether to offer the file as JSON beside the editor (editors with a JSON view of their own do not need it). */
  withJsonView?: boolean;
}

export function StructuredEditor({ draft, path, problems, editor: Editor, withJsonView = true }: StructuredEditorProps) {
  const t = useDesignerTexts();
  const content = draft.files.get(path) ?? '';
  const value = useMemo(() => parseJson(content), [content]);
  const [view, setView] = useState<'form' | 'json'>('form');
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const write = (text: string) => draft.setFile(path, text);
  const asJson = <TextFileEditor path={path} content={content} onChange={write} />;
  return (
    <>
      {(withJsonView || !isObject) && (
        <Segmented
          aria-label={path}
          value={isObject ? view : 'json'}
          disabled={!isObject}
          onChange={(chosen) => setView(chosen as 'form' | 'json')}
          options={[
            { value: 'form', label: t('view.form') },
            { value: 'json', label: t('view.json') },
          ]}
          style={{ marginBottom: 12 }}
        />
      )}
      {isObject && view === 'form' ? (
        <EditorBoundary
          fallback={(error) => (
            <>
              <Alert type="warning" showIcon title={t('view.failed', { message: error.message })} style={{ marginBottom: 8 }} />
              {asJson}
            </>
          )}
        >
          <Editor path={path} value={value} onChange={(next) => write(`${JSON.stringify(next, null, 2)}\n`)} catalogue={draft.catalogue} texts={draft.texts} problems={problems} />
        </EditorBoundary>
      ) : (
        asJson
      )}
    </>
  );
}
