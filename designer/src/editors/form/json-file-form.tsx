/**
 * The frame of every file editor: a formik form over the parsed file, checked on each change by
 * the kind's bundle schema compiled on the server, each change handed to the draft as the whole
 * new file, and a new value from the draft (another file loaded, a reload) taken in. Above the
 * controls it lists what no control shows: the schema's messages without a field, and the last
 * check's problems in this file.
 */
import { Alert, Form, Space } from 'antd';
import { Formik, useFormikContext, type FormikErrors } from 'formik';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../../../runtime/web/index.js';
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { describeSchemaError, useEditorTexts } from '../editor-texts.js';
import { pointerToPath } from '../field-paths.js';
import { messagesByPath, type PlacedMessage } from '../schema-errors.js';
import { formErrorsOf, loadKindValidator, type EditedKind, type KindValidator } from '../schema-validation.js';
import { EditorScopeProvider } from './editor-scope.js';

type SchemaCheck = { state: 'loading' } | { state: 'ready'; validator: KindValidator } | { state: 'failed'; error: Error };

function useSchemaCheck(kind: EditedKind): SchemaCheck {
  const [check, setCheck] = useState<SchemaCheck>({ state: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    setCheck({ state: 'loading' });
    loadKindValidator(kind).then(
      (validator) => isCurrent && setCheck({ state: 'ready', validator }),
      (error: unknown) => isCurrent && setCheck({ state: 'failed', error: error as Error }),
    );
    return () => {
      isCurrent = false;
    };
  }, [kind]);
  return check;
}

/** Hands each edit to the draft, and takes in a value the draft changed itself. */
function DraftSync<T>({ value, onChange }: { value: T; onChange(next: T): void }) {
  const { values, resetForm } = useFormikContext<T>();
  const known = useRef(value);
  useEffect(() => {
    if (values === known.current) return;
    known.current = values;
    onChange(values);
  }, [values, onChange]);
  useEffect(() => {
    if (value === known.current) return;
    known.current = value;
    resetForm({ values: value });
  }, [value, resetForm]);
  return null;
}

/** Checks the values again when the check (or the language of its messages) changes. */
function RevalidateOn({ check, locale }: { check: SchemaCheck; locale: string }) {
  const { validateForm } = useFormikContext();
  useEffect(() => {
    void validateForm();
  }, [check, locale, validateForm]);
  return null;
}

function FileMessages({ check, unplaced, problems }: { check: SchemaCheck; unplaced: PlacedMessage[]; problems: JsonFileEditorProps['problems'] }) {
  const t = useEditorTexts();
  const where = (pointer: string | undefined) => t('file.at', { where: pointer ? pointerToPath(pointer) || t('file.wholeFile') : t('file.wholeFile') });
  const list = (items: Array<{ pointer?: string; message: string }>) => (
    <ul>
      {items.map((item, index) => (
        <li key={index}>
          {item.message} <small>({where(item.pointer)})</small>
        </li>
      ))}
    </ul>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {check.state === 'loading' && <Alert type="info" title={t('file.schemaLoading')} />}
      {check.state === 'failed' && <Alert type="warning" title={t('file.schemaFailed', { message: check.error.message })} />}
      {unplaced.length > 0 && <Alert type="error" title={t('file.schemaProblems')} description={list(unplaced)} />}
      {problems.length > 0 && <Alert type="warning" title={t('file.checkProblems')} description={list(problems)} />}
    </Space>
  );
}

export interface JsonFileFormProps<T> {
  kind: EditedKind;
  file: JsonFileEditorProps<T>;
  /** What the form is called, for assistive technology (e.g. "Notification rules"). */
  label: string;
  children: ReactNode;
}

export function JsonFileForm<T extends object>({ kind, file, label, children }: JsonFileFormProps<T>) {
  const t = useEditorTexts();
  const { locale } = useI18n();
  const check = useSchemaCheck(kind);
  const [unplaced, setUnplaced] = useState<PlacedMessage[]>([]);
  const validate = useCallback(
    (values: T): FormikErrors<T> => {
      if (check.state !== 'ready') return {};
      const { tree, unplaced: apart } = formErrorsOf(check.validator, values, (error) => describeSchemaError(t, error));
      setUnplaced(apart);
      return tree as FormikErrors<T>;
    },
    // `t` is a new function each render but changes only with the locale.
    [check, locale],
  );
  const [textsRevision, setTextsRevision] = useState(0);
  const checkMessages = useMemo(() => messagesByPath(file.problems), [file.problems]);
  const scope = useMemo(
    () => ({ catalogue: file.catalogue, texts: file.texts, checkMessages, textsRevision, textsChanged: () => setTextsRevision((n) => n + 1) }),
    [file.catalogue, file.texts, checkMessages, textsRevision],
  );
  return (
    <Formik<T> initialValues={file.value} validate={validate} onSubmit={() => undefined}>
      <EditorScopeProvider scope={scope}>
        <DraftSync value={file.value} onChange={file.onChange} />
        <RevalidateOn check={check} locale={locale} />
        <FileMessages check={check} unplaced={unplaced} problems={file.problems} />
        <Form layout="vertical" aria-label={label} style={{ marginTop: 16 }}>
          {children}
        </Form>
      </EditorScopeProvider>
    </Formik>
  );
}
