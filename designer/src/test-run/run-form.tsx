/**
 * A form of a test run, shown by the portal's renderer with the validator compiled for the run
 * (the server's verdict lands on the fields it names). Fields that pick a person, a user or a
 * record offer what the run holds — the test person, the run's records — instead of searching
 * the installation, whose people and records the run does not know.
 */
import type { RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import { Select } from 'antd';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { Failure, useI18n, useSession, type ApiError } from '../../../runtime/web/index.js';
import { FlowdeskForm, FormSkeleton, type LoadedForm } from '../../../runtime/web/forms.js';
import { useTestRunTexts } from './test-run-texts.js';
import { testRunsApi, type RunFormRef, type TestRun } from './test-runs-api.js';

/** What the run offers to pick from; read by the widget, so the form keeps its fields while the run changes. */
const RunChoices = createContext<Pick<TestRun, 'tester' | 'records'> | null>(null);

function RunChoiceWidget(props: WidgetProps) {
  const t = useTestRunTexts();
  const choices = useContext(RunChoices);
  const ref = String((props.schema as Record<string, unknown>)['x-flowdesk-ref'] ?? '');
  const tester = choices?.tester;
  const options =
    ref === 'user' || ref === 'person'
      ? tester ? [{ value: ref === 'user' ? tester.userId : tester.personId, label: t('testerName') }] : []
      : (choices?.records ?? []).filter((r) => ref === `record:${r.type}`).map((r) => ({ value: r.id, label: `${r.number} · ${r.title}` }));
  return (
    <Select
      id={props.id}
      aria-label={props.label}
      value={(props.value as string | undefined) ?? null}
      onChange={(value: string | null) => props.onChange(value ?? undefined)}
      allowClear
      options={options}
      disabled={props.disabled || props.readonly}
      style={{ width: '100%' }}
    />
  );
}

/** The form with the run's own pickers on its person, user and record fields. */
function withRunPickers(form: LoadedForm): LoadedForm {
  const properties = (form.view.schema.properties ?? {}) as Record<string, RJSFSchema>;
  const uiSchema: UiSchema = { ...form.view.uiSchema };
  for (const [name, property] of Object.entries(properties)) {
    const ref = (property as Record<string, unknown>)['x-flowdesk-ref'];
    if (ref === 'user' || ref === 'person' || (typeof ref === 'string' && ref.startsWith('record:'))) uiSchema[name] = { ...((uiSchema[name] ?? {}) as UiSchema), 'ui:widget': RunChoiceWidget };
  }
  return { ...form, view: { ...form.view, uiSchema } };
}

export interface RunFormProps {
  run: TestRun;
  formRef: RunFormRef;
  submitLabel: string;
  onSubmit(data: Record<string, unknown>): void;
  serverError: ApiError | null;
  busy: boolean;
}

export function RunForm({ run, formRef, submitLabel, onSubmit, serverError, busy }: RunFormProps) {
  const { locale } = useI18n();
  const { user } = useSession();
  const [loaded, setLoaded] = useState<{ form: LoadedForm | null; error: Error | null }>({ form: null, error: null });
  const [data, setData] = useState<Record<string, unknown>>({});
  const { draftId, id } = run;
  const { bundle, version, id: formId } = formRef;

  useEffect(() => {
    let isLive = true;
    setLoaded({ form: null, error: null });
    testRunsApi.form({ draftId, id }, { bundle, version, id: formId }, locale).then(
      (form) => isLive && setLoaded({ form: withRunPickers(form), error: null }),
      (error: unknown) => isLive && setLoaded({ form: null, error: error as Error }),
    );
    return () => {
      isLive = false;
    };
  }, [draftId, id, bundle, version, formId, locale]);

  const choices = useMemo(() => ({ tester: run.tester, records: run.records }), [run.tester, run.records]);
  if (loaded.error) return <Failure error={loaded.error} />;
  if (!loaded.form) return <FormSkeleton />;
  return (
    <RunChoices.Provider value={choices}>
      <FlowdeskForm form={loaded.form} formData={data} onChange={setData} onSubmit={onSubmit} serverError={serverError} submitLabel={submitLabel} busy={busy} context={{ timeZone: user.timeZone }} />
    </RunChoices.Provider>
  );
}
