/**
 * What the controls of one file editor read besides the form: the draft's catalogue (for
 * pickers), the bundle's texts, and the last check's messages by field path; and the messages a
 * control shows (the schema's verdict from formik's errors, then the check's).
 */
import { useFormikContext, getIn } from 'formik';
import { createContext, useContext, type ReactNode } from 'react';
import type { BundleLocale, BundleTexts, DraftCatalogue } from '../../draft/draft-model.js';

export interface EditorScope {
  catalogue: DraftCatalogue;
  texts: BundleTexts;
  /** The last check's messages about this file, by formik path (`''`: the whole file). */
  checkMessages: ReadonlyMap<string, string[]>;
  /** Counts the texts set through this editor: a new count renders whatever shows a text again. */
  textsRevision: number;
  textsChanged(): void;
}

const EditorScopeContext = createContext<EditorScope | null>(null);

export function EditorScopeProvider({ scope, children }: { scope: EditorScope; children: ReactNode }) {
  return <EditorScopeContext.Provider value={scope}>{children}</EditorScopeContext.Provider>;
}

export function useEditorScope(): EditorScope {
  const scope = useContext(EditorScopeContext);
  if (!scope) throw new Error('a file editor control is used outside JsonFileForm');
  return scope;
}

/** The messages a control at `path` shows: the schema's (the form's error there), then the check's. */
export function useFieldMessages(path: string): string[] {
  const { errors } = useFormikContext();
  const { checkMessages } = useEditorScope();
  const error = getIn(errors, path) as unknown;
  return [...(typeof error === 'string' ? [error] : []), ...(checkMessages.get(path) ?? [])];
}

/** Whether anything at or under `path` has a message: a folded item shows that it needs a look. */
export function useHasMessagesUnder(path: string): boolean {
  const { errors } = useFormikContext();
  const { checkMessages } = useEditorScope();
  if (getIn(errors, path) !== undefined) return true;
  return [...checkMessages.keys()].some((at) => at === path || at.startsWith(`${path}.`));
}

/**
 * The bundle's text of a key in a locale ('' when it has none) and a way to set it. BundleTexts
 * is read when asked, not watched: setting a text tells the editor, which renders what shows texts.
 */
export function useBundleTextEditor(): { text(locale: BundleLocale, key: string): string; setText(locale: BundleLocale, key: string, text: string): void } {
  const { texts, textsChanged } = useEditorScope();
  return {
    text: (locale, key) => (key ? (texts.get(locale, key) ?? '') : ''),
    setText(locale, key, text) {
      if (!key) return;
      texts.set(locale, key, text);
      textsChanged();
    },
  };
}
