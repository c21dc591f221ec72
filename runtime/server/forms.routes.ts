/**
 * Forms as the web apps render them: a form of an installed bundle version in the caller's
 * language (texts resolved from the bundle's i18n), and its validator compiled at install, served
 * as a script file the browser imports (the CSP allows scripts from this origin only).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Response } from 'express';
import { FlowdeskError, LOCALES, type Locale, type RecordTypeSource } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { BundleTextSource } from '../forms/bundle-texts.js';
import { recordFormId, type FormSource } from '../forms/form-validators.js';
import { Closed, route, type ApiRoute } from './api-route.js';
import { API_BASE_PATH } from './app.js';
import { TypeId } from './record-api.schema.js';

const TAG = 'forms';
const BundleName = Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 100 });
const Version = Type.String({ pattern: '^[0-9A-Za-z.+-]{1,64}$' });
const FormId = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });
const Lang = Type.Optional(Type.Union(LOCALES.map((locale) => Type.Literal(locale))));
const FormParams = Closed({ bundle: BundleName, version: Version, form: FormId });

/** A form as the web apps render it (also a draft test run's forms: runtime/server/draft-test-runs.routes.ts). */
export const FormView = Closed({
  id: Type.String(),
  bundle: Type.String(),
  version: Type.String(),
  locale: Type.String(),
  title: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
  uiSchema: Type.Record(Type.String(), Type.Unknown()),
  /** Where the compiled validator module is (an ES module; see form-validators.ts). */
  validatorUrl: Type.String(),
});

const localeOf = (lang: string | undefined, callerLanguage: string): Locale =>
  (lang ?? (LOCALES as readonly string[]).find((l) => l === callerLanguage) ?? (callerLanguage.startsWith('zh') ? 'zh-CN' : 'en')) as Locale;

export interface FormRoutesDeps {
  forms: FormSource;
  texts: BundleTextSource;
  recordTypes: RecordTypeSource;
  /** Whether the caller may read records of a type: its form is shown to those only. */
  mayRead(caller: Caller, typeId: string): Promise<boolean>;
}

export function formRoutes({ forms, texts, recordTypes, mayRead }: FormRoutesDeps): ApiRoute[] {
  /** A type the caller has no read grant on is not found, as for records. */
  const readableType = async (caller: Caller, typeId: string) => {
    const type = await recordTypes.get(typeId);
    if (!(await mayRead(caller, type.id))) throw new FlowdeskError('RECORD_TYPE_NOT_FOUND', `no record type ${typeId} that you may read`);
    return type;
  };
  /** A compiled form as the API shows it; `formPath` is where it is served, its validator beside it. */
  const formView = (bundle: string, version: string, locale: Locale, compiled: { form: object; sha256: string }, formPath: string) => ({
    ...compiled.form,
    bundle,
    version,
    locale,
    validatorUrl: `${API_BASE_PATH}${formPath}/validator.js?lang=${locale}&v=${compiled.sha256.slice(0, 16)}`,
  });
  return [
    route({
      tag: TAG,
      access: 'user',
      method: 'get',
      path: '/texts',
      summary: "Every installed bundle's texts in the caller's language (or `lang`), by bundle and i18n key",
      query: Closed({ lang: Lang }),
      response: Closed({ locale: Type.String(), bundles: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())) }),
      async handler({ caller, query }) {
        const locale = localeOf(query.lang, caller!.language);
        return { locale, bundles: await texts.get(locale) };
      },
    }),
    route({
      tag: TAG,
      access: 'user',
      method: 'get',
      path: '/forms/:bundle/:version/:form',
      summary: "A bundle form in the caller's language (or `lang`): JSON Schema, uiSchema and its compiled validator's address",
      params: FormParams,
      query: Closed({ lang: Lang }),
      response: FormView,
      errors: ['FORM_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const locale = localeOf(query.lang, caller!.language);
        const compiled = await forms.get(params.bundle, params.version, params.form, locale);
        const path = [params.bundle, params.version, params.form].map(encodeURIComponent).join('/');
        return formView(params.bundle, params.version, locale, compiled, `/forms/${path}`) as Static<typeof FormView>;
      },
    }),
    route({
      tag: TAG,
      access: 'user',
      method: 'get',
      path: '/forms/:bundle/:version/:form/validator.js',
      summary: "A form's validator, compiled when its bundle version was installed (an ES module)",
      params: FormParams,
      query: Closed({ lang: Lang, v: Type.Optional(Type.String({ maxLength: 64 })) }),
      errors: ['FORM_NOT_FOUND'],
      async handler({ caller, params, query, res }) {
        sendValidator(res, await forms.get(params.bundle, params.version, params.form, localeOf(query.lang, caller!.language)));
        return undefined;
      },
    }),
    route({
      tag: TAG,
      access: 'user',
      method: 'get',
      path: '/record-types/:type/form',
      summary: "A record type's fields as a form (for editing a record) in the caller's language, with its compiled validator",
      params: Closed({ type: TypeId }),
      query: Closed({ lang: Lang }),
      response: FormView,
      errors: ['RECORD_TYPE_NOT_FOUND', 'FORM_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const locale = localeOf(query.lang, caller!.language);
        const type = await readableType(caller!, params.type);
        const compiled = await forms.get(type.bundle, type.bundleVersion, recordFormId(type.id), locale);
        return formView(type.bundle, type.bundleVersion, locale, compiled, `/record-types/${encodeURIComponent(type.id)}/form`) as Static<typeof FormView>;
      },
    }),
    route({
      tag: TAG,
      access: 'user',
      method: 'get',
      path: '/record-types/:type/form/validator.js',
      summary: "The validator of a record type's fields, compiled when its bundle version was installed (an ES module)",
      params: Closed({ type: TypeId }),
      query: Closed({ lang: Lang, v: Type.Optional(Type.String({ maxLength: 64 })) }),
      errors: ['RECORD_TYPE_NOT_FOUND', 'FORM_NOT_FOUND'],
      async handler({ caller, params, query, res }) {
        const type = await readableType(caller!, params.type);
        sendValidator(res, await forms.get(type.bundle, type.bundleVersion, recordFormId(type.id), localeOf(query.lang, caller!.language)));
        return undefined;
      },
    }),
  ];
}

/** A compiled validator module: immutable under its address, since installed versions never change. */
function sendValidator(res: Response, { code, sha256 }: { code: string; sha256: string }): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  res.setHeader('ETag', `"${sha256}"`);
  res.end(code);
}
