/**
 * What the designer needs of the engine's bundle checks while an administrator edits a file: the
 * JSON Schema of each content kind as a compiled validator module, and notification templates
 * rendered as the engine renders them.
 *
 * The validator: the designer's strict CSP forbids compiling code in the browser, so each kind's
 * schema — the very one the engine validates bundles with (KIND_SCHEMAS), with the engine's ajv
 * options — is compiled here once, to standalone ajv code, and served as an ES module from this
 * origin. Its default export takes a `require` for the ajv runtime helpers and the formats the code
 * names ({@link BUNDLE_FORMATS_MODULE}, which the caller provides as {@link BUNDLE_FORMATS}) and
 * returns ajv's validate function.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Ajv, _, type Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Response } from 'express';
import { FlowdeskError, KIND_SCHEMAS, isTimeZone, renderMessage, sha256Hex } from '../../engine/index.js';
import { Closed, route, type ApiRoute } from './api-route.js';

// ajv's standalone entry is CommonJS with `exports.default`; under NodeNext the callable sits on .default.
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;

const TAG = 'designer';

/** The name under which the compiled code `require`s its formats. */
export const BUNDLE_FORMATS_MODULE = 'flowdesk/bundle-formats';

/**
 * The formats the engine's bundle validator knows that content kinds use: ajv-formats' full
 * versions and the engine's `time-zone`. A kind schema naming any other format fails to compile
 * here (ajv is strict), rather than being served a check the browser cannot run.
 */
export const BUNDLE_FORMATS: Readonly<Record<string, Format>> = {
  date: fullFormats.date,
  time: fullFormats.time,
  'date-time': fullFormats['date-time'],
  duration: fullFormats.duration,
  email: fullFormats.email,
  uri: fullFormats.uri,
  uuid: fullFormats.uuid,
  'time-zone': { type: 'string', validate: isTimeZone },
};

export type SchemaKind = keyof typeof KIND_SCHEMAS;

const isSchemaKind = (kind: string): kind is SchemaKind => Object.hasOwn(KIND_SCHEMAS, kind);

/** As engine/bundle/schema-validator.ts makes its ajv (strict, every error, unions of types), emitting code. */
function createStandaloneAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, code: { source: true, lines: false, formats: _`require(${BUNDLE_FORMATS_MODULE})` } });
  for (const [name, format] of Object.entries(BUNDLE_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

export interface CompiledKindValidator {
  code: string;
  sha256: string;
}

/** The ES module validating one file of a content kind (see the file's comment). */
export function bundleSchemaModule(kind: SchemaKind): CompiledKindValidator {
  const ajv = createStandaloneAjv();
  const commonJs = standaloneCode(ajv, ajv.compile(KIND_SCHEMAS[kind]));
  const code = `export default function validator(require) {\nconst module = { exports: {} };\nconst exports = module.exports;\n${commonJs}\nreturn module.exports;\n}\n`;
  return { code, sha256: sha256Hex(Buffer.from(code)) };
}

const Template = Closed({ subject: Type.String({ maxLength: 2000 }), body: Type.String({ maxLength: 20000 }) });
const Rendered = Type.Union([
  Closed({ subject: Type.String(), text: Type.String(), html: Type.String({ description: 'The HTML body, every value escaped.' }) }),
  Closed({ error: Type.String({ description: 'Why the template cannot be rendered (e.g. an unclosed tag).' }) }),
]);
const PreviewBody = Closed({
  templates: Closed({ en: Type.Optional(Template), 'zh-CN': Type.Optional(Template) }),
  sample: Type.Record(Type.String(), Type.Unknown(), {
    description: 'A sample record and event: `number`, `title`, `state`, `fields`, `recipient.name` and what the event adds (`task`, `percent`…).',
  }),
});

/**
 * What a template sees, as the notification engine builds it: the record's fields by name, then
 * `number`, `title`, `state`, `fields`, `recipient` and the event's values.
 */
function viewOf(sample: Record<string, unknown>): Record<string, unknown> {
  const fields = sample['fields'];
  return { ...(fields !== null && typeof fields === 'object' ? fields : {}), ...sample };
}

function preview(template: Static<typeof Template>, view: object): Static<typeof Rendered> {
  try {
    return renderMessage(template, view);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function sendModule(res: Response, { code, sha256 }: CompiledKindValidator): void {
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Revalidated every time: a server upgrade may change a schema under the same address.
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', `"${sha256}"`);
  res.status(200).send(code);
}

/** The designer's schema validators and template preview (administrators only). */
export function bundleSchemaRoutes(): ApiRoute[] {
  const compiled = new Map<SchemaKind, CompiledKindValidator>();
  const moduleOf = (kind: SchemaKind): CompiledKindValidator => {
    let module = compiled.get(kind);
    if (!module) compiled.set(kind, (module = bundleSchemaModule(kind)));
    return module;
  };
  return [
    route({
      tag: TAG,
      access: 'admin',
      method: 'get',
      path: '/designer/schemas/:kind/validator.js',
      summary: "The validator of one bundle file of a content kind, compiled from the engine's schema (an ES module)",
      description: 'Its default export takes a `require` providing the ajv runtime helpers and `flowdesk/bundle-formats`, and returns an ajv validate function.',
      params: Closed({ kind: Type.String({ maxLength: 50 }) }),
      errors: ['NOT_FOUND'],
      async handler({ res, params }) {
        if (!isSchemaKind(params.kind)) {
          throw new FlowdeskError('NOT_FOUND', `no bundle content kind "${params.kind}" with a JSON Schema; the kinds are ${Object.keys(KIND_SCHEMAS).join(', ')}`);
        }
        sendModule(res, moduleOf(params.kind));
        return undefined;
      },
    }),
    route({
      tag: TAG,
      access: 'admin',
      method: 'post',
      path: '/designer/notification-preview',
      summary: 'Notification templates (subject and body, per language) rendered for a sample record as the notification engine renders them',
      body: PreviewBody,
      response: Closed({ rendered: Closed({ en: Type.Optional(Rendered), 'zh-CN': Type.Optional(Rendered) }) }),
      async handler({ body }) {
        const view = viewOf(body.sample);
        const rendered: { en?: Static<typeof Rendered>; 'zh-CN'?: Static<typeof Rendered> } = {};
        if (body.templates.en) rendered.en = preview(body.templates.en, view);
        if (body.templates['zh-CN']) rendered['zh-CN'] = preview(body.templates['zh-CN'], view);
        return { rendered };
      },
    }),
  ];
}
