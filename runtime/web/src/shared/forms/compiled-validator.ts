/**
 * Loads a form's validator compiled on the server when its bundle was installed (see
 * runtime/forms/form-validators.ts): an ES module served from this origin, so the strict CSP that
 * forbids `eval` still lets it run. The module names a few ajv runtime helpers through `require`
 * (ajv-runtime.ts).
 */
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { validatorRequire } from './ajv-runtime.js';

// Form schemas use ajv-formats' formats: `require("ajv-formats/dist/formats").fullFormats.email`.
const runtimeRequire = validatorRequire({ 'ajv-formats/dist/formats': { fullFormats } }, 'portal');

type ValidatorModule = { default: (require: (name: string) => unknown) => Record<string, unknown> };

export async function loadValidator(url: string, schema: RJSFSchema): Promise<ValidatorType> {
  const module = (await import(/* @vite-ignore */ url)) as ValidatorModule;
  const validateFns = module.default(runtimeRequire);
  return createPrecompiledValidator(validateFns as never, schema);
}
