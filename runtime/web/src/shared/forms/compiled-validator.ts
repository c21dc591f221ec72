/**
 * Loads a form's validator compiled on the server when its bundle was installed (see
 * runtime/forms/form-validators.ts): an ES module served from this origin, so the strict CSP that
 * forbids `eval` still lets it run. The module names a few ajv runtime helpers through `require`;
 * they are bundled here.
 */
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import equal from 'ajv/dist/runtime/equal.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import uri from 'ajv/dist/runtime/uri.js';
import validationError from 'ajv/dist/runtime/validation_error.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** A CommonJS module's default export, whichever way the bundler's interop hands it over. */
function defaultOf(imported: unknown): unknown {
  const inner = (imported as { default?: unknown } | null)?.default;
  return typeof imported === 'function' || inner === undefined ? imported : inner;
}

// As the generated code reads them: `require("ajv/dist/runtime/equal").default`, `….fullFormats.email`.
const RUNTIME: Record<string, unknown> = {
  'ajv/dist/runtime/equal': { default: defaultOf(equal) },
  'ajv/dist/runtime/ucs2length': { default: defaultOf(ucs2length) },
  'ajv/dist/runtime/uri': { default: defaultOf(uri) },
  'ajv/dist/runtime/validation_error': { default: defaultOf(validationError) },
  'ajv-formats/dist/formats': { fullFormats },
};

function runtimeRequire(name: string): unknown {
  const found = RUNTIME[name];
  if (!found) throw new Error(`the compiled validator needs ${name}, which the portal does not provide`);
  return found;
}

type ValidatorModule = { default: (require: (name: string) => unknown) => Record<string, unknown> };

export async function loadValidator(url: string, schema: RJSFSchema): Promise<ValidatorType> {
  const module = (await import(/* @vite-ignore */ url)) as ValidatorModule;
  const validateFns = module.default(runtimeRequire);
  return createPrecompiledValidator(validateFns as never, schema);
}
