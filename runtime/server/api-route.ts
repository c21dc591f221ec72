/**
 * How every /api/v1 endpoint is declared: its method and path, who may call it, and TypeBox
 * schemas for its path parameters, query, body and answer. The same schemas validate each request
 * (ajv; unknown fields refused, nothing coerced but query strings) and make the OpenAPI document,
 * so the two never disagree. A handler gets validated input and the caller; it never reads
 * `req.body` or `req.query` itself.
 */
import type { Static, TSchema } from '@sinclair/typebox';
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

export interface RouteInput<P extends TSchema, Q extends TSchema, B extends TSchema> {
  req: Request;
  res: Response;
  /** Null only on public routes. */
  caller: Caller | null;
  params: Static<P>;
  query: Static<Q>;
  body: Static<B>;
}

export interface ApiRoute<P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema, R extends TSchema = TSchema> {
  method: HttpMethod;
  /** Express syntax under /api/v1, e.g. `/records/:type/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params?: P;
  query?: Q;
  body?: B;
  /** The success answer's schema (documentation; handlers build it from typed data). */
  response?: R;
  /** 200 unless said (201 for creations, 204 for no content). */
  status?: number;
  /** The error codes this endpoint answers with besides the common ones, for the document. */
  errors?: readonly string[];
  /** Returns the answer's body (sent as JSON), or undefined when it wrote the response itself. */
  handler(input: RouteInput<P, Q, B>): Promise<Static<R> | undefined | void>;
}

/** Declares a route with its types checked against its schemas. */
export function route<P extends TSchema, Q extends TSchema, B extends TSchema, R extends TSchema>(definition: ApiRoute<P, Q, B, R>): ApiRoute {
  return definition as unknown as ApiRoute;
}

/** Where the authentication middleware leaves the caller. */
export function callerOf(req: Request): Caller | null {
  return (req as Request & { caller?: Caller }).caller ?? null;
}

export function setCaller(req: Request, caller: Caller): void {
  (req as Request & { caller?: Caller }).caller = caller;
}

function createRequestAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, coerceTypes, useDefaults: true, removeAdditional: false });
  addFormats(ajv, ['date', 'time', 'date-time', 'email', 'uri', 'uuid']);
  return ajv;
}

/**
 * Mounts routes on a router, each behind its access check and input validation. Keeps the list,
 * from which the OpenAPI document is made.
 */
export function createApiRouter(routes: readonly ApiRoute[]): Router {
  const strict = createRequestAjv(false);
  const coercing = createRequestAjv(true);
  const router = Router();
  for (const definition of routes) {
    const validators = {
      params: definition.params ? coercing.compile(definition.params) : null,
      query: definition.query ? coercing.compile(definition.query) : null,
      body: definition.body ? strict.compile(definition.body) : null,
    };
    const handler: RequestHandler = async (req, res, next) => {
      try {
        const caller = authorize(definition, req);
        const params = checked(validators.params, { ...req.params }, 'params');
        const query = checked(validators.query, { ...(req.query as object) }, 'query');
        const body = checked(validators.body, req.body ?? {}, 'body');
        const answer = await definition.handler({ req, res, caller, params, query, body } as RouteInput<TSchema, TSchema, TSchema>);
        if (res.headersSent) return;
        const status = definition.status ?? 200;
        if (status === 204 || answer === undefined) res.status(status).end();
        else res.status(status).json(answer);
      } catch (error) {
        next(error);
      }
    };
    router[definition.method](definition.path, handler);
  }
  return router;
}

function authorize(definition: ApiRoute, req: Request): Caller | null {
  const caller = callerOf(req);
  if (definition.access === 'public') return caller;
  if (!caller) throw new FlowdeskError('UNAUTHENTICATED', 'log in, or send an API token');
  if (definition.access === 'admin' && !caller.isAdmin) throw new FlowdeskError('FORBIDDEN', 'only administrators may do this');
  return caller;
}

/** The value if it matches; otherwise INPUT_INVALID with every violation and its pointer. */
function checked(validate: ValidateFunction | null, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!validate) {
    const empty = value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) throw new FlowdeskError('INPUT_INVALID', `this endpoint takes no ${where}`);
    return {};
  }
  if (validate(value)) return value;
  throw new FlowdeskError('INPUT_INVALID', `the request ${where} is not valid`, { details: (validate.errors ?? []).map((e) => violation(e, where)) });
}

function violation(error: ErrorObject, where: string): { pointer: string; message: string } {
  const extra = error.keyword === 'additionalProperties' ? `/${String((error.params as { additionalProperty?: string }).additionalProperty)}` : '';
  return { pointer: `${where}${error.instancePath}${extra}`, message: error.keyword === 'additionalProperties' ? 'is not a known field' : (error.message ?? 'is not valid') };
}
