import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { problemError } from '../errors/flowdesk-error.js';

/** Keys that could reach an object's prototype if a consumer ever merged the parsed value. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * Decodes bytes as strict UTF-8 (a BOM is allowed and dropped).
 * @throws FlowdeskError BUNDLE_ENCODING_INVALID naming the file and byte offset.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw problemError({ code: 'BUNDLE_ENCODING_INVALID', file, message: `not valid UTF-8 (first bad byte at offset ${offset})` });
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The longest valid prefix, by bisection; a cut inside a multi-byte sequence also fails, so back off 3 bytes.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

/**
 * Parses a bundle JSON file safely: strict UTF-8, bounded nesting, no prototype-polluting keys,
 * and errors that name the file, line and column.
 */
export function parseBundleJson(bytes: Uint8Array, file: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  const text = decodeUtf8(bytes, file);
  checkNestingDepth(text, file, maxDepth);
  let forbidden: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, function reviver(this: unknown, key: string, inner: unknown) {
      if (FORBIDDEN_KEYS.has(key) && forbidden === undefined) forbidden = key;
      return inner;
    });
  } catch (error) {
    throw problemError({ code: 'BUNDLE_JSON_MALFORMED', file, ...describeSyntaxError(error as Error, text) });
  }
  if (forbidden !== undefined) {
    const pointer = findKeyPointer(value, forbidden) ?? '/';
    throw problemError({ code: 'BUNDLE_KEY_FORBIDDEN', file, pointer, message: `the key "${forbidden}" is not allowed` });
  }
  return value;
}

/** Counts bracket depth outside strings before JSON.parse, whose recursion a deep file could exhaust. */
function checkNestingDepth(text: string, file: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) {
        throw problemError({
          code: 'BUNDLE_NESTING_TOO_DEEP',
          file,
          ...lineColumnAt(text, i),
          message: `nesting deeper than ${maxDepth} levels`,
        });
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * JSON.parse says what is wrong but, on Node 20, often not where; jsonc-parser in strict mode
 * finds the first error's offset.
 */
function describeSyntaxError(error: Error, text: string): { line?: number; column?: number; message: string } {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { message: `malformed JSON: ${error.message}` };
  const what = text.trim() === '' ? 'the file is empty' : printParseErrorCode(first.error);
  return { ...lineColumnAt(text, first.offset), message: `malformed JSON: ${what}` };
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function findKeyPointer(value: unknown, key: string, path = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k === key) return here;
    const inner = findKeyPointer(v, key, here);
    if (inner) return inner;
  }
  return undefined;
}

