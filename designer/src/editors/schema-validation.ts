/**
 * Checking a file against its kind's bundle schema in the browser. The strict CSP forbids
 * compiling a validator here, so the server compiles the engine's schema for the kind
 * (runtime/server/bundle-schemas.routes.ts) and serves it as an ES module from this origin; its
 * code names the ajv runtime helpers and the schema formats through `require`, provided below.
 */
import equal from 'ajv/dist/runtime/equal.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import uri from 'ajv/dist/runtime/uri.js';
import validationError from 'ajv/dist/runtime/validation_error.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { apiUrl } from '../../../runtime/web/index.js';
import { toFormErrors, type DescribeError, type FormErrors, type SchemaError } from './schema-errors.js';

/** The content kinds these editors edit (the keys of `contents` in bundle.json). */
export type EditedKind = 'notifications' | 'sla' | 'calendars' | 'quality' | 'catalog' | 'roles';

/** Every violation of the kind's schema by a file (none: the schema accepts it). */
export type KindValidator = (file: unknown) => SchemaError[];

/** A CommonJS module's default export, whichever way the bundler's interop hands it over. */
function defaultOf(imported: unknown): unknown {
  const inner = (imported as { default?: unknown } | null)?.default;
  return typeof imported === 'function' || inner === undefined ? imported : inner;
}

/** An IANA time-zone name this browser knows: the engine's `time-zone` format. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

// As the compiled code reads them: `require("ajv/dist/runtime/ucs2length").default`,
// `require("flowdesk/bundle-formats")["time-zone"]` (the server's BUNDLE_FORMATS, same shapes).
const RUNTIME: Record<string, unknown> = {
  'ajv/dist/runtime/equal': { default: defaultOf(equal) },
  'ajv/dist/runtime/ucs2length': { default: defaultOf(ucs2length) },
  'ajv/dist/runtime/uri': { default: defaultOf(uri) },
  'ajv/dist/runtime/validation_error': { default: defaultOf(validationError) },
  'flowdesk/bundle-formats': {
    date: fullFormats.date,
    time: fullFormats.time,
    'date-time': fullFormats['date-time'],
    duration: fullFormats.duration,
    email: fullFormats.email,
    uri: fullFormats.uri,
    uuid: fullFormats.uuid,
    'time-zone': { type: 'string', validate: isTimeZone },
  },
};

function runtimeRequire(name: string): unknown {
  const found = RUNTIME[name];
  if (!found) throw new Error(`the compiled bundle schema needs ${name}, which the designer does not provide`);
  return found;
}

type AjvValidate = ((file: unknown) => boolean) & { errors?: SchemaError[] | null };
type ValidatorModule = { default: (require: (name: string) => unknown) => AjvValidate };

/** Loads the compiled schema of a kind (GET /designer/schemas/:kind/validator.js). */
export async function loadKindValidator(kind: EditedKind): Promise<KindValidator> {
  const module = (await import(/* @vite-ignore */ apiUrl(`/designer/schemas/${encodeURIComponent(kind)}/validator.js`))) as ValidatorModule;
  const validate = module.default(runtimeRequire);
  return (file) => (validate(file) ? [] : [...(validate.errors ?? [])]);
}

/** A file's schema errors as formik errors by field path, and the messages no field shows. */
export function formErrorsOf(validator: KindValidator, file: unknown, describe: DescribeError): FormErrors {
  return toFormErrors(validator(file), describe);
}
