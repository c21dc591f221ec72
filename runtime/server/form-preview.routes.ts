/**
 * The designer's live form preview (administrators only): a draft's form file and the texts it
 * names, answered as the portal gets an installed form (localized, runtime/forms/localize-form.ts)
 * with its validator compiled here, because the CSP lets the browser run scripts from this origin
 * only. Compiled validators are kept in a small LRU keyed by the SHA-256 of the localized schema,
 * bounded in entries and bytes, and served from there.
 */
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { LRUCache } from 'lru-cache';
import { FlowdeskError, KIND_SCHEMAS, LOCALES, problemsError, sha256Hex, type FormDefinition, type SchemaValidator } from '../../engine/index.js';
import { validatorModule } from '../forms/form-validators.js';
import { localizeForm } from '../forms/localize-form.js';
import { Closed, route, type ApiRoute } from './api-route.js';
import { API_BASE_PATH } from './app.js';

const TAG = 'designer';
const PREVIEWS = '/designer/form-previews';
/** Enough for a few admins switching languages while they edit; a module is tens of kilobytes. */
export const PREVIEW_CACHE_LIMITS = { entries: 64, bytes: 16 * 1024 * 1024 };

const Body = Closed({
  form: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 20, description: 'The form file (forms/*.json) as the draft holds it.' }),
  messages: Type.Record(Type.String(), Type.String({ maxLength: 4000 }), { maxProperties: 5000, description: 'The texts of the i18n keys the form names, in `locale`.' }),
  locale: Type.Union(LOCALES.map((locale) => Type.Literal(locale))),
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: "The form's file in the draft, named in the problems of an invalid form." })),
});

const PreviewView = Closed({
  id: Type.String(),
  locale: Type.String(),
  title: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
  uiSchema: Type.Record(Type.String(), Type.Unknown()),
  /** Where the compiled validator module is, while the cache keeps it. */
  validatorUrl: Type.String(),
});

export interface PreviewCache {
  get(sha256: string): string | undefined;
  set(sha256: string, code: string): void;
}

/** Least recently used goes first once either limit is passed; a single module over the byte limit is not kept. */
export function createPreviewCache(limits: { entries: number; bytes: number } = PREVIEW_CACHE_LIMITS): PreviewCache {
  const modules = new LRUCache<string, string>({ max: limits.entries, maxSize: limits.bytes, sizeCalculation: (code) => code.length });
  return {
    get: (sha256) => modules.get(sha256),
    set: (sha256, code) => void modules.set(sha256, code),
  };
}

export function formPreviewRoutes({ schemas, cache = createPreviewCache() }: { schemas: SchemaValidator; cache?: PreviewCache }): ApiRoute[] {
  const admin = { tag: TAG, access: 'admin' as const };
  return [
    route({
      ...admin,
      method: 'post',
      path: PREVIEWS,
      summary: "A draft's form as the portal would show it in `locale`, with its validator compiled for the browser",
      description: 'The form is checked as a bundle form (its file shape and its JSON Schema); an invalid one answers with every problem found and its pointer.',
      body: Body,
      response: PreviewView,
      errors: ['BUNDLE_SCHEMA_INVALID', 'BUNDLE_FIELD_UNKNOWN', 'BUNDLE_INVALID'],
      async handler({ body }) {
        const form = checkedForm(schemas, body.form, body.path ?? 'form.json');
        const localized = localizeForm(form, body.messages);
        const sha256 = sha256Hex(Buffer.from(JSON.stringify(localized.schema)));
        if (cache.get(sha256) === undefined) cache.set(sha256, compiled(localized.schema, body.path ?? 'form.json'));
        return { ...localized, locale: body.locale, validatorUrl: `${API_BASE_PATH}${PREVIEWS}/${sha256}/validator.js` };
      },
    }),
    route({
      ...admin,
      method: 'get',
      path: `${PREVIEWS}/:sha256/validator.js`,
      summary: "A previewed form's compiled validator (an ES module), while the preview cache keeps it",
      params: Closed({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
      errors: ['NOT_FOUND'],
      async handler({ params, res }) {
        const code = cache.get(params.sha256);
        if (code === undefined) throw new FlowdeskError('NOT_FOUND', 'this preview is no longer kept: ask for the preview again');
        sendModule(res, code, params.sha256);
        return undefined;
      },
    }),
  ];
}

/** The form if it is a bundle form whose schema compiles; else every problem with its pointer. */
function checkedForm(schemas: SchemaValidator, form: Record<string, unknown>, file: string): FormDefinition {
  const shapeProblems = schemas.check(KIND_SCHEMAS.forms, form, file);
  if (shapeProblems.length > 0) throw problemsError(shapeProblems);
  const schemaProblems = schemas.checkEmbeddedSchema(form['schema'], file, '/schema');
  if (schemaProblems.length > 0) throw problemsError(schemaProblems);
  return form as unknown as FormDefinition;
}

function compiled(schema: Record<string, unknown>, file: string): string {
  try {
    return validatorModule(schema);
  } catch (error) {
    const message = `the form's JSON Schema cannot be compiled for the browser: ${(error as Error).message}`;
    throw new FlowdeskError('BUNDLE_SCHEMA_INVALID', message, { details: [{ code: 'BUNDLE_SCHEMA_INVALID', file, pointer: '/schema', message }], cause: error });
  }
}

/** Named by its content, so it never changes under its address. */
function sendModule(res: Response, code: string, sha256: string): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
  res.setHeader('ETag', `"${sha256}"`);
  res.end(code);
}
