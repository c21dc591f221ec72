import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import semver from 'semver';
import type { Problem } from '../errors/flowdesk-error.js';
import { ALL_SCHEMAS } from './schemas/index.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Whether `zone` is an IANA time-zone name this Node knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv, ['date', 'time', 'date-time', 'duration', 'email', 'uri', 'uuid']);
  ajv.addFormat('semver', { type: 'string', validate: (v: string) => semver.valid(v) !== null });
  ajv.addFormat('semver-range', { type: 'string', validate: (v: string) => semver.validRange(v) !== null });
  ajv.addFormat('time-zone', { type: 'string', validate: isTimeZone });
  // A record field that holds an id: the API checks each one against the caller's reach (runtime/server/record-references.ts).
  // The record field that pins the record's SLA policy (the customer contract's, set when the record is requested from the catalog).
  ajv.addKeyword({ keyword: 'x-flowdesk-sla', schemaType: 'boolean', metaSchema: { const: true } });
  // `attachment`: the id of an attachment of the form's record (a form's file field; engine/bundle/form-field-checks.ts keeps it out of record types).
  ajv.addKeyword({ keyword: 'x-flowdesk-ref', schemaType: 'string', metaSchema: { type: 'string', pattern: '^(person|organization|team|user|attachment|record:[a-z][a-z0-9]*([-_.][a-z0-9]+)*)$' } });
  // A form field the server computes from others by a lookup table (engine/process/computed-fields.ts).
  ajv.addKeyword({ keyword: 'x-flowdesk-computed', schemaType: 'object', metaSchema: COMPUTED_META_SCHEMA });
  // A form field chosen from what a GET of our own API answers (the browser asks with the user's session).
  ajv.addKeyword({ keyword: 'x-flowdesk-options', schemaType: 'object', metaSchema: OPTIONS_META_SCHEMA });
  return ajv;
}

/** `{ from: [fields], table: { <value of from[0]>: { <value of from[1]>: result } }, otherwise? }`. */
const COMPUTED_META_SCHEMA = {
  type: 'object',
  required: ['from', 'table'],
  additionalProperties: false,
  properties: {
    from: { type: 'array', minItems: 1, maxItems: 4, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 100 } },
    table: { $ref: '#/$defs/table' },
    otherwise: { $ref: '#/$defs/result' },
  },
  $defs: {
    result: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }, { type: 'boolean' }] },
    table: {
      type: 'object',
      maxProperties: 200,
      propertyNames: { maxLength: 100 },
      additionalProperties: { anyOf: [{ $ref: '#/$defs/result' }, { $ref: '#/$defs/table' }] },
    },
  },
};

/**
 * A path under /api/v1 only: it starts with one `/`, never holds `..`, `//`, a backslash or a
 * percent sign before its query (browsers read `%2e%2e` as `..`), so it cannot leave our API.
 */
const OPTIONS_PATH_PATTERN = '^/(?!/)(?!.*//)(?!.*\\.\\.)[A-Za-z0-9._~/-]*(\\?[A-Za-z0-9._~=&%+,:-]*)?$';
const PROPERTY_NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,99}$' };

/** `{ path, itemsAt?, value, label, searchParam? }`: which answer's list, and which of its items' properties. */
const OPTIONS_META_SCHEMA = {
  type: 'object',
  required: ['path', 'value', 'label'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', maxLength: 500, pattern: OPTIONS_PATH_PATTERN },
    itemsAt: PROPERTY_NAME,
    value: PROPERTY_NAME,
    label: PROPERTY_NAME,
    searchParam: PROPERTY_NAME,
  },
};

/**
 * Validates parsed files against the bundle kinds' JSON Schemas. Each schema is compiled once,
 * when the validator is made, and looked up by `$id`.
 */
export interface SchemaValidator {
  /** Every violation of `schema` by `value`, with JSON pointers, reported against `file`. */
  check(schema: TSchema, value: unknown, file: string): Problem[];
  /** Problems that make an embedded JSON Schema (a form's, a plugin's) unusable. */
  checkEmbeddedSchema(schema: unknown, file: string, pointer: string): Problem[];
}

export function createSchemaValidator(): SchemaValidator {
  const ajv = createAjv();
  for (const schema of ALL_SCHEMAS) ajv.addSchema(schema);
  const compiled = new Map<string, ValidateFunction>();
  for (const schema of ALL_SCHEMAS) compiled.set(schema.$id!, ajv.getSchema(schema.$id!)!);
  // Bundle authors' schemas compile in an instance of their own, and are removed again after the
  // check, so one bundle's `$id`s can neither clash with ours nor linger for the next bundle.
  const embedded = createAjv();

  return {
    check(schema, value, file) {
      const validate = compiled.get(schema.$id ?? '') ?? ajv.compile(schema);
      if (validate(value)) return [];
      return toProblems(validate.errors ?? [], file);
    },
    checkEmbeddedSchema(schema, file, pointer) {
      try {
        embedded.compile(schema as object);
        return [];
      } catch (error) {
        return [{ code: 'BUNDLE_SCHEMA_INVALID', file, pointer, message: `not a usable JSON Schema: ${(error as Error).message}` }];
      } finally {
        embedded.removeSchema(schema as object);
      }
    },
  };
}

/** ajv errors → problems. Branch errors under a failed anyOf are folded into that one error. */
export function toProblems(errors: ErrorObject[], file: string): Problem[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath);
  const isBranchError = (e: ErrorObject) => unions.some((path) => e.schemaPath !== path && e.schemaPath.startsWith(`${path}/`));
  return errors
    .filter((e) => !isBranchError(e))
    .map((e): Problem => {
      if (e.keyword === 'additionalProperties') {
        const field = String(e.params['additionalProperty']);
        return {
          code: 'BUNDLE_FIELD_UNKNOWN',
          file,
          pointer: `${e.instancePath}/${escapePointerToken(field)}`,
          message: `unknown field "${field}"`,
        };
      }
      const message = e.keyword === 'anyOf' ? 'does not match any of the allowed shapes' : (e.message ?? 'is invalid');
      return { code: 'BUNDLE_SCHEMA_INVALID', file, pointer: e.instancePath || '/', message };
    });
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
