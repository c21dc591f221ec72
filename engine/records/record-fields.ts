/**
 * A record's fields: validated against the type's JSON Schema (every violation with its JSON
 * pointer), changed by JSON merge patch (RFC 7396), and compared field by field for the history.
 */
import { isDeepStrictEqual } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { escapePointerToken } from '../bundle/schema-validator.js';
import type { RecordTypeInfo } from './record-types.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Fields = Record<string, unknown>;

export interface FieldViolation {
  pointer: string;
  message: string;
}

/** Keys that could reach an object's prototype when a value is merged or copied. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

export interface FieldValidator {
  /**
   * Checks `fields` against the type: a plain object, only declared top-level fields, no
   * prototype keys, at most `maxBytes` of JSON, valid against the schema.
   * @throws FlowdeskError INPUT_INVALID listing every violation; PAYLOAD_TOO_LARGE.
   */
  assertValid(type: RecordTypeInfo, fields: unknown, maxBytes: number): Fields;
}

export function createFieldValidator(): FieldValidator {
  // Bundle authors' schemas: not strict about unknown keywords (titles are i18n keys, UI hints).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // Keyed by the schema object: a type read from an installed version is one object for as long as it is cached.
  const compiled = new WeakMap<object, ValidateFunction>();

  function validatorOf(schema: Record<string, unknown>): ValidateFunction {
    let validate = compiled.get(schema);
    if (!validate) {
      // Without its $id, so two versions of one type can both be compiled.
      const { $id: _id, ...rest } = schema;
      validate = ajv.compile(rest);
      compiled.set(schema, validate);
    }
    return validate;
  }

  return {
    assertValid(type, fields, maxBytes) {
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
        throw invalid([{ pointer: '/fields', message: 'must be an object' }]);
      }
      const structural = structuralViolations(fields as Fields, type);
      if (structural.length > 0) throw invalid(structural);
      const bytes = Buffer.byteLength(JSON.stringify(fields));
      if (bytes > maxBytes) throw new FlowdeskError('PAYLOAD_TOO_LARGE', `the fields take ${bytes} bytes of JSON; at most ${maxBytes} are allowed`);
      const validate = validatorOf(type.fields);
      if (validate(fields)) return fields as Fields;
      throw invalid(
        (validate.errors ?? []).map((error) => ({
          pointer: `/fields${error.keyword === 'required' ? `${error.instancePath}/${escapePointerToken(String(error.params['missingProperty']))}` : error.instancePath}`,
          message: error.message ?? error.keyword,
        })),
      );
    },
  };
}

function invalid(violations: FieldViolation[]): FlowdeskError {
  const summary = violations.slice(0, 5).map((v) => `${v.pointer} ${v.message}`).join('; ');
  return new FlowdeskError('INPUT_INVALID', `the fields have ${violations.length} problem(s): ${summary}`, { details: violations });
}

/** Undeclared top-level fields, prototype keys anywhere, and nesting past the limit. */
function structuralViolations(fields: Fields, type: RecordTypeInfo): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const properties = type.fields['properties'];
  const declared = properties !== null && typeof properties === 'object' ? new Set(Object.keys(properties)) : null;
  for (const key of Object.keys(fields)) {
    if (declared && !declared.has(key)) violations.push({ pointer: `/fields/${escapePointerToken(key)}`, message: `unknown field "${key}"` });
  }
  walk(fields, '/fields', 0, violations);
  return violations;
}

function walk(value: unknown, pointer: string, depth: number, violations: FieldViolation[]): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) {
    violations.push({ pointer, message: `nests deeper than ${MAX_DEPTH} levels` });
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const here = `${pointer}/${escapePointerToken(key)}`;
    if (FORBIDDEN_KEYS.has(key)) violations.push({ pointer: here, message: `the key "${key}" is not allowed` });
    else walk(inner, here, depth + 1, violations);
  }
}

/**
 * RFC 7396 JSON merge patch: `null` removes a member, objects merge member by member, anything
 * else replaces. Builds new objects; never writes into `target`.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Fields = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Fields) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (FORBIDDEN_KEYS.has(key)) throw new FlowdeskError('INPUT_INVALID', `the key "${key}" is not allowed`, { details: [{ pointer: `/fields/${key}`, message: 'not allowed' }] });
    if (value === null) delete base[key];
    else Object.defineProperty(base, key, { value: mergePatch(base[key], value), enumerable: true, writable: true, configurable: true });
  }
  return base;
}

/** Top-level fields whose value differs, in a stable order; absent is `undefined`. */
export function changedFields(before: Fields, after: Fields): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => !isDeepStrictEqual(before[key], after[key]));
}

/**
 * The record's title for lists and search: the first list column holding a non-empty string,
 * else the first string field, else the number. Bundles name no title field, so it is derived.
 */
export function titleOf(type: RecordTypeInfo, fields: Fields, number: string, maxLength = 500): string {
  const candidates = [...type.listColumns, ...Object.keys(fields)];
  for (const name of candidates) {
    const value = fields[name];
    if (typeof value === 'string' && value.trim() !== '') return Array.from(value.trim()).slice(0, maxLength).join('');
  }
  return number;
}
