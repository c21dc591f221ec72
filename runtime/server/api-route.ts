/**
 * How every /api/v1 endpoint is declared: its method and path, who may call it, and TypeBox
 * schemas for its path parameters, query, body and answer. The same schemas validate each request
 * (ajv; unknown fields refused, nothing coerced but path parameters and query strings) and make
 * the OpenAPI document, so the two never disagree. A handler gets validated input and the caller;
 * it never reads `req.body` or `req.query` itself.
 *
 * Every object schema without its own `additionalProperties` is closed (unknown fields refused)
 * before it is compiled or documented; compositions with `allOf` (TypeBox `Intersect`) must say
 * `unevaluatedProperties: false` themselves. Every string in the input, keys included, is refused
 * when it holds text no field should: NUL and the other C0 controls except tab, line feed and
 * carriage return, lone UTF-16 surrogates, U+FFFE/U+FFFF; so are the keys `__proto__`,
 * `constructor` and `prototype`, and nesting deeper than {@link MAX_INPUT_DEPTH}.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { FlowdeskError } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** public: anyone; user: a logged-in caller (session or token); admin: an administrator. */
export type RouteAccess = 'public' | 'user' | 'admin';

/** json: `application/json` (or `application/*+json`); multipart: `multipart/form-data`, read by the handler. */
export type BodyType = 'json' | 'multipart';

/** Objects and arrays deeper than this in a body or query are refused. */
export const MAX_INPUT_DEPTH = 32;

/** The content types a JSON route takes. */
export const JSON_CONTENT_TYPES = ['application/json', 'application/*+json'] as const;

export interface RouteInput<P extends TSchema, Q extends TSchema, B extends TSchema> {
  req: Request;
  res: Response;
  /** Null only on public routes. */
  caller: Caller | null;
  params: Static<P>;
  query: Static<Q>;
  /** `{}` on a multipart route: its handler reads the parts from `req`. */
  body: Static<B>;
}

export interface ApiRoute<P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema, R extends TSchema = TSchema> {
  method: HttpMethod;
  /** Express syntax under /api/v1, e.g. `/records/:type/:id`; every `:name` is a property of `params`. */
  path: string;
  summary: string;
  /** Longer text for the reference (plain text; paragraphs separated by blank lines). */
  description?: string;
  tag: string;
  access: RouteAccess;
  /** Defaults to the method and path, e.g. `getRecordsByTypeById`. */
  operationId?: string;
  params?: P;
  query?: Q;
  /** The JSON body; on a multipart route, the form fields (documentation only). */
  body?: B;
  /** `json` unless said; any other content type on a request with a body is UNSUPPORTED_MEDIA_TYPE. */
  bodyType?: BodyType;
  /** The success answer's schema (documentation; handlers build it from typed data). */
  response?: R;
  /** 200 unless said (201 for creations, 204 for no content). */
  status?: number;
  /** The error codes this endpoint answers with besides the common ones, for the document. */
  errors?: readonly string[];
  /** Middleware run before access checks and validation, e.g. the login rate limiter. */
  before?: readonly RequestHandler[];
  /** Returns the answer's body (sent as JSON), or undefined when it wrote the response itself. */
  handler(input: RouteInput<P, Q, B>): Promise<Static<R> | undefined | void>;
}

/** A schema that also takes null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An object schema that refuses properties it does not name. */
export const Closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

/** Declares a route with its types checked against its schemas. */
export function route<P extends TSchema, Q extends TSchema, B extends TSchema, R extends TSchema>(definition: ApiRoute<P, Q, B, R>): ApiRoute {
  return definition as unknown as ApiRoute;
}

/** The routes, with every handler that changes state run inside `around` (GET handlers as they are). */
export function aroundWrites(routes: readonly ApiRoute[], around: <T>(write: () => Promise<T>) => Promise<T>): ApiRoute[] {
  return routes.map((definition) => (definition.method === 'get' ? definition : { ...definition, handler: (input) => around(() => definition.handler(input)) }));
}

/** Where the authentication middleware leaves the caller. */
export function callerOf(req: Request): Caller | null {
  return (req as Request & { caller?: Caller }).caller ?? null;
}

export function setCaller(req: Request, caller: Caller): void {
  (req as Request & { caller?: Caller }).caller = caller;
}

/** The `:name` parameters of an express path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/[:*]([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
}

/**
 * A copy of the schema with every object that does not say otherwise closed to unknown fields.
 * `allOf` members stay open (closing each would refuse the others' fields).
 */
export function closedSchema<T extends TSchema>(schema: T): T {
  return close(schema, false) as T;
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'prefixItems']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems']);

function close(node: unknown, isAllOfMember: boolean): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const source = node as Record<string | symbol, unknown>;
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(source)) {
    const value = source[key];
    if (typeof key !== 'string') copy[key] = value;
    else if (key === 'allOf' && Array.isArray(value)) copy[key] = value.map((member) => close(member, true));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) copy[key] = value.map((member) => close(member, false));
    else if (SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object') copy[key] = Object.fromEntries(Object.entries(value).map(([name, member]) => [name, close(member, false)]));
    else if (SUBSCHEMAS.has(key)) copy[key] = close(value, false);
    else copy[key] = value;
  }
  const isOpenObject = copy['type'] === 'object' && copy['properties'] !== undefined && copy['additionalProperties'] === undefined;
  const isComposed = copy['allOf'] !== undefined || copy['patternProperties'] !== undefined || copy['unevaluatedProperties'] !== undefined;
  if (isOpenObject && !isComposed && !isAllOfMember) copy['additionalProperties'] = false;
  return copy;
}

function createRequestAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, coerceTypes, useDefaults: true, removeAdditional: false });
  addFormats(ajv, ['date', 'time', 'date-time', 'email', 'uri', 'uuid']);
  return ajv;
}

/**
 * Mounts routes on a router, each behind its access check and input validation. Refuses, when
 * called, two routes with the same method and path and a path whose `:params` the params schema
 * does not declare.
 */
export function createApiRouter(routes: readonly ApiRoute[]): Router {
  const strict = compiler(createRequestAjv(false));
  const coercing = compiler(createRequestAjv(true));
  const router = Router();
  const seen = new Set<string>();
  for (const definition of routes) {
    assertWellDeclared(definition, seen);
    const validators = {
      params: definition.params ? coercing(definition.params) : null,
      query: definition.query ? coercing(definition.query) : null,
      body: definition.body && definition.bodyType !== 'multipart' ? strict(definition.body) : null,
    };
    const handler: RequestHandler = async (req, res, next) => {
      res.locals['routePattern'] = `${req.baseUrl}${definition.path}`;
      try {
        const caller = authorize(definition, req);
        assertContentType(definition, req);
        const params = checked(validators.params, { ...req.params }, 'params');
        const query = checked(validators.query, { ...(req.query as object) }, 'query');
        const body = definition.bodyType === 'multipart' ? {} : checked(validators.body, req.body ?? {}, 'body');
        const answer = await definition.handler({ req, res, caller, params, query, body } as RouteInput<TSchema, TSchema, TSchema>);
        if (res.headersSent) return;
        const status = definition.status ?? 200;
        if (status === 204 || answer === undefined) res.status(status).end();
        else res.status(status).json(answer);
      } catch (error) {
        next(error);
      }
    };
    router[definition.method](definition.path, ...(definition.before ?? []), handler);
  }
  return router;
}

/** Compiles each schema once, however many routes share it (a shared `$id` cannot be added twice). */
function compiler(ajv: Ajv): (schema: TSchema) => ValidateFunction {
  const compiled = new Map<TSchema, ValidateFunction>();
  return (schema) => {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(closedSchema(schema))));
    return validate;
  };
}

function assertWellDeclared(definition: ApiRoute, seen: Set<string>): void {
  const key = `${definition.method.toUpperCase()} ${definition.path}`;
  if (seen.has(key)) throw new Error(`route ${key} is declared twice`);
  seen.add(key);
  const declared = Object.keys((definition.params as { properties?: object } | undefined)?.properties ?? {});
  const inPath = pathParamNames(definition.path);
  const mismatch = inPath.filter((name) => !declared.includes(name)).concat(declared.filter((name) => !inPath.includes(name)));
  if (mismatch.length > 0) throw new Error(`route ${key}: path parameters and the params schema disagree on ${mismatch.join(', ')}`);
}

function authorize(definition: ApiRoute, req: Request): Caller | null {
  const caller = callerOf(req);
  if (definition.access === 'public') return caller;
  if (!caller) throw new FlowdeskError('UNAUTHENTICATED', 'log in, or send an API token');
  if (definition.access === 'admin' && !caller.isAdmin) throw new FlowdeskError('FORBIDDEN', 'only administrators may do this');
  return caller;
}

/** A body must come as the type the route takes; a request without a body passes. */
function assertContentType(definition: ApiRoute, req: Request): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody) return;
  const isMultipart = definition.bodyType === 'multipart';
  const accepted = isMultipart ? ['multipart/form-data'] : [...JSON_CONTENT_TYPES];
  if (req.is(accepted)) return;
  throw new FlowdeskError('UNSUPPORTED_MEDIA_TYPE', `this endpoint takes ${isMultipart ? 'multipart/form-data' : 'application/json'} bodies`);
}

/** The value if it matches; otherwise INPUT_INVALID with every violation and its pointer. */
function checked(validate: ValidateFunction | null, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  const textProblems = unsafeText(value, where, 0, []);
  if (textProblems.length > 0) throw new FlowdeskError('INPUT_INVALID', `the request ${where} holds forbidden keys, characters or nesting`, { details: textProblems });
  if (!validate) {
    const empty = value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) throw new FlowdeskError('INPUT_INVALID', `this endpoint takes no ${where}`);
    return {};
  }
  if (validate(value)) return value;
  throw new FlowdeskError('INPUT_INVALID', `the request ${where} is not valid`, { details: (validate.errors ?? []).map((e) => violation(e, where)) });
}

function violation(error: ErrorObject, where: string): { pointer: string; message: string } {
  const extra = error.keyword === 'additionalProperties' ? `/${escapePointer(String((error.params as { additionalProperty?: string }).additionalProperty))}` : '';
  return { pointer: `${where}${error.instancePath}${extra}`, message: error.keyword === 'additionalProperties' ? 'is not a known field' : (error.message ?? 'is not valid') };
}

// Controls other than tab, LF, CR (XML and most text stores refuse them), and the two noncharacters
// U+FFFE/U+FFFF that mark byte-order confusion.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_PROBLEMS = 20;

type TextProblem = { pointer: string; message: string };

/** Every string and key that holds forbidden characters, forbidden keys, and nesting past the limit. */
function unsafeText(value: unknown, pointer: string, depth: number, problems: TextProblem[]): TextProblem[] {
  if (problems.length >= MAX_PROBLEMS) return problems;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) problems.push({ pointer, message: problem });
    return problems;
  }
  if (value === null || typeof value !== 'object') return problems;
  if (depth >= MAX_INPUT_DEPTH) {
    problems.push({ pointer, message: `nests deeper than ${MAX_INPUT_DEPTH} levels` });
    return problems;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyText = textProblem(key);
    const keyProblem = FORBIDDEN_KEYS.has(key) ? 'is a key that could pollute prototypes' : keyText && `the key ${keyText}`;
    const at = `${pointer}/${escapePointer(key)}`;
    if (keyProblem) problems.push({ pointer: at, message: keyProblem });
    else unsafeText(item, at, depth + 1, problems);
  }
  return problems;
}

function textProblem(text: string): string | null {
  if (FORBIDDEN_CHARACTER.test(text)) return 'holds a control character (NUL, or another below U+0020 except tab and line breaks) or U+FFFE/U+FFFF';
  if (LONE_SURROGATE.test(text)) return 'holds a lone UTF-16 surrogate (not valid Unicode text)';
  return null;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
