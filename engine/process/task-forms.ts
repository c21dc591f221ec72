/**
 * Form data checked against the form's JSON Schema before anything advances: every violation
 * comes back with its JSON pointer. Validators compile once per bundle version and form. Before the
 * check, the server's own say: computed fields are recomputed and rich text is sanitized, whatever
 * the client sent.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { withComputedFields } from './computed-fields.js';
import type { ProcessPackage } from './process-package.js';
import { withSanitizedRichText } from './rich-text-fields.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface FormViolation {
  pointer: string;
  message: string;
}

export interface FormValidator {
  /**
   * Throws TASK_FORM_INVALID listing every violation; returns the data as validated: computed
   * fields (x-flowdesk-computed) set by the server, HTML fields sanitized.
   */
  assertValid(pkg: ProcessPackage, formKey: string, data: unknown): Record<string, unknown>;
  /** Validates a plugin's output against its declared `outputs` schema. */
  violations(cacheKey: string, schema: Record<string, unknown>, data: unknown): FormViolation[];
}

export function createFormValidator(): FormValidator {
  // Bundle authors' schemas: not strict about unknown keywords (uiSchema hints live beside them).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();

  function violations(cacheKey: string, schema: Record<string, unknown>, data: unknown): FormViolation[] {
    let validate = compiled.get(cacheKey);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(cacheKey, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => ({
      pointer: error.keyword === 'required' ? `${error.instancePath}/${String(error.params['missingProperty'])}` : error.instancePath || '/',
      message: error.message ?? error.keyword,
    }));
  }

  return {
    violations,
    assertValid(pkg, formKey, data) {
      const form = pkg.forms.get(formKey);
      if (!form) throw new FlowdeskError('INTERNAL', `form ${formKey} is not in ${pkg.bundleName}@${pkg.version}`);
      const prepared = withSanitizedRichText(form.schema, withComputedFields(form.schema, data));
      const found = violations(`${pkg.bundleVersionId}:form:${formKey}`, form.schema, prepared);
      if (found.length > 0) {
        throw new FlowdeskError('TASK_FORM_INVALID', `the form data has ${found.length} problem(s): ${found.map((v) => `${v.pointer} ${v.message}`).join('; ')}`, { details: found });
      }
      return prepared as Record<string, unknown>;
    },
  };
}
