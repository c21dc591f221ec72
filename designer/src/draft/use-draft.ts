/**
 * A draft open in the designer: its files in memory, changes saved to the server shortly after
 * they are made (one PUT for whatever piled up), each save made on the version last read. When
 * another admin saved in between, the server refuses (DRAFT_VERSION_CONFLICT) and the draft
 * stops saving and says so: nothing is overwritten silently, on either side.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type Locale } from '../../../runtime/web/index.js';
import { draftsApi, type DraftSummary, type DraftView, type FileChange } from '../drafts-api.js';
import { catalogueOf, manifestOf, textFilesOf, withListedFile, withMessage, withoutListedFile } from './draft-catalogue.js';
import type { BundleTexts } from './draft-model.js';

/** How long typing may pause before the pile of changes is saved. */
const SAVE_AFTER_MS = 700;

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'failed'; error: Error }
  | { kind: 'conflict'; theirs: DraftSummary | null };

async function loadFiles(view: DraftView): Promise<Map<string, string>> {
  const contents = await Promise.all(view.files.map(async (file) => [file.path, await draftsApi.readFile(view.id, file.path)] as const));
  return new Map(contents);
}

export function useDraft(id: string) {
  const [view, setView] = useState<DraftView | null>(null);
  const [files, setFiles] = useState<Map<string, string>>(new Map());
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  // The save loop works on refs: edits keep coming while a save is on the wire.
  const version = useRef(0);
  const pending = useRef(new Map<string, string | null>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saving = useRef(false);
  const stopped = useRef(false);
  const filesRef = useRef(files);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const fresh = await draftsApi.get(id);
      const contents = await loadFiles(fresh);
      pending.current.clear();
      stopped.current = false;
      version.current = fresh.version;
      filesRef.current = contents;
      setFiles(contents);
      setView(fresh);
      setSave({ kind: 'saved' });
    } catch (error) {
      setLoadError(error as Error);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const flush = useCallback(async () => {
    timer.current = null;
    if (saving.current || stopped.current || pending.current.size === 0) return;
    saving.current = true;
    const sent: FileChange[] = [...pending.current].map(([path, content]) => ({ path, content }));
    setSave({ kind: 'saving' });
    try {
      const saved = await draftsApi.save(id, version.current, sent);
      version.current = saved.version;
      setView(saved);
      // Only what was sent is done; a change made meanwhile to the same file stays pending.
      for (const change of sent) if (pending.current.get(change.path) === change.content) pending.current.delete(change.path);
      setSave(pending.current.size ? { kind: 'pending' } : { kind: 'saved' });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DRAFT_VERSION_CONFLICT') {
        stopped.current = true;
        const theirs = await draftsApi.get(id).catch(() => null);
        setSave({ kind: 'conflict', theirs });
      } else {
        setSave({ kind: 'failed', error: error as Error });
      }
    } finally {
      saving.current = false;
    }
    if (pending.current.size && !stopped.current) timer.current = setTimeout(() => void flush(), SAVE_AFTER_MS);
  }, [id]);

  const schedule = useCallback(() => {
    if (stopped.current) return;
    setSave({ kind: 'pending' });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_AFTER_MS);
  }, [flush]);

  // Leaving the page saves what is pending rather than dropping it.
  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
        void flush();
      }
    },
    [flush],
  );

  /** Writes files (content) or removes them (null), then saves soon. */
  const change = useCallback(
    (changes: FileChange[]) => {
      if (stopped.current) return;
      // The ref moves at once: several changes in one event each build on the one before.
      const next = new Map(filesRef.current);
      for (const { path, content } of changes) {
        if (content === null) next.delete(path);
        else next.set(path, content);
        pending.current.set(path, content);
      }
      filesRef.current = next;
      setFiles(next);
      schedule();
    },
    [schedule],
  );

  const setFile = useCallback((path: string, content: string) => change([{ path, content }]), [change]);

  /** A new file, listed in bundle.json under its kind. */
  const addFile = useCallback(
    (kind: string, path: string, content: string) => {
      const manifest = filesRef.current.get('bundle.json') ?? '';
      change([{ path, content }, { path: 'bundle.json', content: withListedFile(manifest, kind, path) }]);
    },
    [change],
  );

  const removeFile = useCallback(
    (path: string) => {
      const manifest = filesRef.current.get('bundle.json') ?? '';
      change([{ path, content: null }, { path: 'bundle.json', content: withoutListedFile(manifest, path) }]);
    },
    [change],
  );

  const texts: BundleTexts = useMemo(() => {
    const byLocale = textFilesOf(files);
    return {
      get: (locale: Locale, key: string) => byLocale.get(locale)?.messages[key],
      set: (locale: Locale, key: string, text: string) => {
        const file = textFilesOf(filesRef.current).get(locale);
        if (!file) return;
        const current = filesRef.current.get(file.path)!;
        const next = withMessage(current, key, text);
        if (next !== current) setFile(file.path, next);
      },
    };
  }, [files, setFile]);

  const catalogue = useMemo(() => catalogueOf(files), [files]);
  const manifest = useMemo(() => manifestOf(files), [files]);

  /** Saves now (before a check or publish: they read what the server has). */
  const saveNow = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    while (saving.current) await new Promise((resolve) => setTimeout(resolve, 50));
    await flush();
    return !stopped.current && pending.current.size === 0;
  }, [flush]);

  return { view, files, manifest, catalogue, texts, save, loadError, reload: load, setFile, addFile, removeFile, saveNow };
}

export type OpenDraft = ReturnType<typeof useDraft>;
