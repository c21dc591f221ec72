/**
 * Checking a file against its kind's bundle schema in the browser. The strict CSP forbids
 * compiling a validator here, so the server compiles the engine's schema for the kind
 * (runtime/server/bundle-schemas.routes.ts) and serves it as an ES module from this origin; its
 * code names the ajv runtime helpers and the schema formats through `require`, provided below.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { apiUrl, validatorRequire } from '../../../runtime/web/index.js';
import { toFormErrors, type DescribeError, type FormErrors, type SchemaError } from './schema-errors.js';

/** The content kinds these editors edit (the keys of `contents` in bundle.json). */
export type EditedKind = 'notifications' | 'sla' | 'calendars' | 'quality' | 'catalog' | 'roles';

/** Every violation of the kind's schema by a file (none: the schema accepts it). */
export type KindValidator = (file: unknown) => SchemaError[];

/** An IANA time-zone name this browser knows: the engine's `time-zone` format. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

// As the compiled code reads its formats: `require("flowdesk/bundle-formats")["time-zone"]` (the
// server's BUNDLE_FORMATS, same shapes).
const runtimeRequire = validatorRequire(
  {
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
  },
  'designer',
);

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
