/**
 * The form renderer of every Flowdesk web app (portal, workspace, and the designer's preview):
 * a bundle form as the server localized it, rendered by @rjsf/antd, checked in the browser by the
 * validator compiled when the bundle was installed, with messages in the user's language, and the
 * server's verdict (a pointer per field) shown on the fields it names.
 */
import { Form as AntdRjsfForm } from '@rjsf/antd';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema, ValidatorType } from '@rjsf/utils';
import { Alert, Button, Skeleton } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiError, type ProblemDetail } from '../api.js';
import { useI18n, type Translate } from '../i18n/index.js';
import { loadValidator } from './compiled-validator.js';
import { withComputedFields } from './computed-fields.js';
import { FLOWDESK_WIDGETS, withFlowdeskWidgets, type FlowdeskFormContext } from './widgets/index.js';

export interface FormView {
  id: string;
  bundle: string;
  version: string;
  locale: string;
  title: string;
  schema: RJSFSchema;
  uiSchema: UiSchema;
  validatorUrl: string;
}

export interface LoadedForm {
  view: FormView;
  validator: ValidatorType;
}

/** A form of an installed bundle version in `locale`, with its compiled validator. */
export function useBundleForm(ref: { bundle: string; version: string; form: string } | null, locale: string): { form: LoadedForm | null; error: Error | null } {
  return useFormAt(ref ? `/forms/${encodeURIComponent(ref.bundle)}/${encodeURIComponent(ref.version)}/${encodeURIComponent(ref.form)}` : null, locale);
}

/** A record type's fields as a form (for editing a record), with its compiled validator. */
export function useRecordTypeForm(type: string | null, locale: string): { form: LoadedForm | null; error: Error | null } {
  return useFormAt(type ? `/record-types/${encodeURIComponent(type)}/form` : null, locale);
}

/** The form the API serves at `path` (null: none yet) in `locale`, with its validator loaded. */
function useFormAt(path: string | null, locale: string): { form: LoadedForm | null; error: Error | null } {
  const [state, setState] = useState<{ form: LoadedForm | null; error: Error | null }>({ form: null, error: null });
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState({ form: null, error: null });
    (async () => {
      const view = await api<FormView>(path, { query: { lang: locale } });
      const validator = await loadValidator(view.validatorUrl, view.schema);
      return { view, validator };
    })().then(
      (form) => live && setState({ form, error: null }),
      (error: unknown) => live && setState({ form: null, error: error as Error }),
    );
    return () => {
      live = false;
    };
  }, [path, locale]);
  return state;
}

/** ajv's errors in the user's language; the names are ajv's keywords. */
export function localizeErrors(t: Translate) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors
      // A oneOf of consts fails each branch too: the one "choose an option" says it all.
      .filter((error) => !(error.name === 'const' && /\/oneOf\/\d+\/const$/.test(error.schemaPath ?? '')))
      .map((error) => {
        const params = (error.params ?? {}) as Record<string, unknown>;
        const limit = Number(params['limit'] ?? 0);
        const message = (() => {
          switch (error.name) {
            case 'required':
              return t('form.required');
            case 'minLength':
              return limit <= 1 ? t('form.required') : t('form.minLength', { limit });
            case 'maxLength':
              return t('form.maxLength', { limit });
            case 'minimum':
            case 'exclusiveMinimum':
              return t('form.minimum', { limit });
            case 'maximum':
            case 'exclusiveMaximum':
              return t('form.maximum', { limit });
            case 'pattern':
              return t('form.pattern');
            case 'format':
              return t('form.format', { format: String(params['format'] ?? '') });
            case 'enum':
            case 'oneOf':
            case 'anyOf':
            case 'const':
              return t('form.choose');
            case 'type':
              return t('form.type', { type: String(params['type'] ?? '') });
            case 'minItems':
              return t('form.minItems', { limit });
            case 'maxItems':
              return t('form.maxItems', { limit });
            default:
              return error.message;
          }
        })();
        return { ...error, message, stack: `${error.property ?? ''} ${message}`.trim() };
      });
}

/** The server's violations (`/field/sub` pointers) as rjsf's error tree. */
export function errorSchemaOf(details: readonly ProblemDetail[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const detail of details) {
    if (typeof detail.pointer !== 'string' || !detail.message) continue;
    const path = detail.pointer.split('/').slice(1).map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = root;
    for (const token of path) node = (node[token] ??= {}) as Record<string, unknown>;
    ((node['__errors'] ??= []) as string[]).push(detail.message);
  }
  return root as ErrorSchema;
}

export interface FlowdeskFormProps {
  form: LoadedForm;
  formData: Record<string, unknown>;
  onChange(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
  /** A failed submission: its details land on the fields they name. */
  serverError?: ApiError | null;
  submitLabel: string;
  busy?: boolean;
  disabled?: boolean;
  context?: FlowdeskFormContext;
  /** Shown between the fields and the button (attachments, …). */
  extra?: ReactNode;
}

export function FlowdeskForm({ form, formData, onChange, onSubmit, serverError, submitLabel, busy, disabled, context, extra }: FlowdeskFormProps) {
  const { t } = useI18n();
  const uiSchema = useMemo(() => withFlowdeskWidgets(form.view.schema, form.view.uiSchema), [form.view]);
  const extraErrors = useMemo(() => (serverError ? errorSchemaOf(serverError.details) : undefined), [serverError]);
  const fieldErrors = serverError?.details.some((d) => typeof d.pointer === 'string' && d.pointer.length > 1) ?? false;
  // Computed fields follow the fields they are computed from, from the first render on.
  const computeFields = (data: unknown) => withComputedFields(form.view.schema, (data ?? {}) as Record<string, unknown>);
  const shownData = useMemo(() => withComputedFields(form.view.schema, formData), [form.view, formData]);
  return (
    <AntdRjsfForm
      schema={form.view.schema}
      uiSchema={uiSchema}
      validator={form.validator}
      widgets={FLOWDESK_WIDGETS}
      formContext={context ?? {}}
      formData={shownData}
      onChange={(event) => onChange(computeFields(event.formData))}
      onSubmit={(event) => onSubmit(computeFields(event.formData))}
      transformErrors={localizeErrors(t)}
      // The errors show on their fields; without a handler rjsf also logs them to the console.
      onError={() => undefined}
      {...(extraErrors ? { extraErrors } : {})}
      // A choice among consts (oneOf) starts empty: the first option is not a silent answer.
      experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
      disabled={disabled ?? false}
    >
      {serverError && !fieldErrors && <Alert type="error" showIcon role="alert" title={serverError.message} style={{ marginBottom: 16 }} />}
      {serverError && fieldErrors && <Alert type="error" showIcon role="alert" title={t('request.fixErrors')} style={{ marginBottom: 16 }} />}
      {extra}
      <Button type="primary" htmlType="submit" loading={busy ?? false}>
        {submitLabel}
      </Button>
    </AntdRjsfForm>
  );
}

export function FormSkeleton() {
  return <Skeleton active paragraph={{ rows: 6 }} />;
}
