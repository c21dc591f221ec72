/**
 * Forms as the web apps render them: a form of an installed bundle version in the caller's
 * language (texts resolved from the bundle's i18n), and its validator compiled at install, served
 * as a script file the browser imports (the CSP allows scripts from this origin only).
 */
import { Type } from '@sinclair/typebox';
import { LOCALES, type Locale } from '../../engine/index.js';
import type { BundleTextSource } from '../forms/bundle-texts.js';
import type { FormSource } from '../forms/form-validators.js';
import { Closed, route, type ApiRoute } from './api-route.js';
import { API_BASE_PATH } from './app.js';

const TAG = 'forms';
const BundleName = Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 100 });
const Version = Type.String({ pattern: '^[0-9A-Za-z.+-]{1,64}$' });
const FormId = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });
const Lang = Type.Optional(Type.Union(LOCALES.map((locale) => Type.Literal(locale))));
const FormParams = Closed({ bundle: BundleName, version: Version, form: FormId });

const FormView = Closed({
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

export function formRoutes({ forms, texts }: { forms: FormSource; texts: BundleTextSource }): ApiRoute[] {
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
        const { form, sha256 } = await forms.get(params.bundle, params.version, params.form, locale);
        const path = [params.bundle, params.version, params.form].map(encodeURIComponent).join('/');
        return { ...form, bundle: params.bundle, version: params.version, locale, validatorUrl: `${API_BASE_PATH}/forms/${path}/validator.js?lang=${locale}&v=${sha256.slice(0, 16)}` };
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
        const { code, sha256 } = await forms.get(params.bundle, params.version, params.form, localeOf(query.lang, caller!.language));
        res.status(200);
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        // Installed versions never change: the code under this address neither.
        res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
        res.setHeader('ETag', `"${sha256}"`);
        res.end(code);
        return undefined;
      },
    }),
  ];
}
