import type { PluginSource } from '../plugin-call.js';

export interface ModuleText {
  code: string;
  /** Added to line numbers so messages point into the author's text, not the wrapper. */
  lineOffset: number;
}

/**
 * The ES module a script compiles as. An inline script is a function body wrapped as `run`; a
 * body that closes the wrapper early only writes more module code, which runs in the same
 * isolate under the same rules (and an `import` it adds is refused like any other).
 */
export function moduleTextOf(script: PluginSource): ModuleText {
  if (script.kind === 'module') return { code: script.source, lineOffset: 0 };
  return { code: `export function run(input, flowdesk) {\n${script.source}\n}`, lineOffset: -1 };
}

// `import(` with optional whitespace and comments before the parenthesis; not `x.import(`.
const DYNAMIC_IMPORT = /(?<![.\w$])import(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*\(/;

/**
 * Whether the text seems to use `import()`. isolated-vm rejects it at run time anyway; finding it
 * here turns it into PLUGIN_FORBIDDEN. The words `import(` inside a string or comment are refused
 * too: rare, and easy to rewrite.
 */
export function usesDynamicImport(code: string): boolean {
  return DYNAMIC_IMPORT.test(code);
}
