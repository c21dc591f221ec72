/**
 * The ajv runtime helpers that validators compiled on the server (standalone ajv code, served as
 * ES modules from this origin, since the CSP forbids compiling in the browser) name through
 * `require`: the portal's form validators and the designer's bundle-schema validators alike.
 */
import equal from 'ajv/dist/runtime/equal.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import uri from 'ajv/dist/runtime/uri.js';
import validationError from 'ajv/dist/runtime/validation_error.js';

/** A CommonJS module's default export, whichever way the bundler's interop hands it over. */
function defaultOf(imported: unknown): unknown {
  const inner = (imported as { default?: unknown } | null)?.default;
  return typeof imported === 'function' || inner === undefined ? imported : inner;
}

// As the generated code reads them: `require("ajv/dist/runtime/equal").default`.
const AJV_RUNTIME: Readonly<Record<string, unknown>> = {
  'ajv/dist/runtime/equal': { default: defaultOf(equal) },
  'ajv/dist/runtime/ucs2length': { default: defaultOf(ucs2length) },
  'ajv/dist/runtime/uri': { default: defaultOf(uri) },
  'ajv/dist/runtime/validation_error': { default: defaultOf(validationError) },
};

/** The `require` a compiled validator is handed: ajv's helpers plus `extra` modules (formats); `who` names the app in the error. */
export function validatorRequire(extra: Readonly<Record<string, unknown>>, who: string): (name: string) => unknown {
  const modules: Readonly<Record<string, unknown>> = { ...AJV_RUNTIME, ...extra };
  return (name) => {
    const found = modules[name];
    if (!found) throw new Error(`the compiled validator needs ${name}, which the ${who} does not provide`);
    return found;
  };
}
