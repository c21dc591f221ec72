/**
 * The OpenAPI 3.1 document of /api/v1, made from the same declared routes and schemas that
 * validate requests (schemas closed exactly as the validator closes them), so the document cannot
 * drift from what the server accepts. Every operation lists the error codes it may answer with,
 * grouped by HTTP status, each response's `error.code` narrowed to them.
 */
import type { TSchema } from '@sinclair/typebox';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '../../engine/index.js';
import { closedSchema, type ApiRoute } from './api-route.js';

/** A JSON value of the document (kept loose: it is data to serve, not a model to program against). */
export type OpenApiDocument = Record<string, unknown> & { openapi: '3.1.0'; paths: Record<string, Record<string, OpenApiOperation>> };

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<Record<string, unknown>>;
  requestBody?: Record<string, unknown>;
  responses: Record<string, Record<string, unknown>>;
  security?: Array<Record<string, string[]>>;
  'x-flowdesk-access': ApiRoute['access'];
}

export interface OpenApiOptions {
  title?: string;
  version: string;
  description?: string;
  /** Where the routes are mounted; the document's server URL. */
  basePath?: string;
  /** The session cookie's name. */
  sessionCookie?: string;
}

export const ERROR_ENVELOPE_REF = '#/components/schemas/ErrorEnvelope';
const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Builds the document. Throws (at start, not at the first request) when a route names an error
 * code that does not exist, an express path OpenAPI cannot express, or two operations share an id.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[], options: OpenApiOptions): OpenApiDocument {
  const basePath = options.basePath ?? '/api/v1';
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();
  const usedCodes = new Set<ErrorCode>();
  for (const definition of routes) {
    const operation = operationOf(definition, usedCodes);
    if (operationIds.has(operation.operationId)) throw new Error(`two routes have the operationId ${operation.operationId}`);
    operationIds.add(operation.operationId);
    (paths[openApiPath(definition.path)] ??= {})[definition.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title ?? 'Flowdesk API', version: options.version, ...(options.description ? { description: options.description } : {}) },
    servers: [{ url: basePath }],
    tags: [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: { ErrorEnvelope: errorEnvelopeSchema() },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: options.sessionCookie ?? 'flowdesk_session', description: 'The session a login sets (HttpOnly, SameSite).' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'With a session cookie, every state-changing request carries the session’s CSRF token.' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token, for programs.' },
      },
    },
    'x-flowdesk-error-codes': Object.fromEntries([...usedCodes].sort().map((code) => [code, { status: ERROR_CODES[code].httpStatus, meaning: ERROR_CODES[code].meaning }])),
  };
}

/** `/records/:type/:id` → `/records/{type}/{id}`; refuses express syntax OpenAPI has no form for. */
export function openApiPath(expressPath: string): string {
  if (/[{}()?+]/.test(expressPath)) throw new Error(`the path ${expressPath} uses optional or pattern syntax; declare one route per shape`);
  return expressPath.replace(/[:*]([A-Za-z_$][\w$]*)/g, '{$1}');
}

/** `get /records/:type/:id` → `getRecordsByTypeById`. */
export function defaultOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (/^[:*]/.test(segment) ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter((word) => word !== '');
  return method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function operationOf(definition: ApiRoute, usedCodes: Set<ErrorCode>): OpenApiOperation {
  const operation: OpenApiOperation = {
    operationId: definition.operationId ?? defaultOperationId(definition.method, definition.path),
    summary: definition.summary,
    ...(definition.description ? { description: definition.description } : {}),
    tags: [definition.tag],
    responses: {},
    'x-flowdesk-access': definition.access,
  };
  const parameters = [...parametersOf(definition.params, 'path'), ...parametersOf(definition.query, 'query')];
  if (parameters.length > 0) operation.parameters = parameters;
  if (definition.body) {
    const mediaType = definition.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json';
    operation.requestBody = { required: true, content: { [mediaType]: { schema: plain(closedSchema(definition.body)) } } };
  }
  if (definition.access !== 'public') operation.security = securityOf(definition);
  const status = definition.status ?? 200;
  operation.responses[String(status)] =
    status === 204 || !definition.response
      ? { description: status === 204 ? 'Done; no content.' : 'Done.' }
      : { description: definition.summary, content: { 'application/json': { schema: plain(definition.response) } } };
  for (const [httpStatus, codes] of errorResponsesOf(definition)) {
    codes.forEach((code) => usedCodes.add(code));
    operation.responses[String(httpStatus)] = {
      description: codes.map((code) => `${code}: ${ERROR_CODES[code].meaning}`).join('\n'),
      content: { 'application/json': { schema: { allOf: [{ $ref: ERROR_ENVELOPE_REF }, { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string', enum: codes } } } } }] } } },
    };
  }
  return operation;
}

function parametersOf(schema: TSchema | undefined, where: 'path' | 'query'): Array<Record<string, unknown>> {
  if (!schema) return [];
  const { properties = {}, required = [] } = plain(closedSchema(schema)) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function securityOf(definition: ApiRoute): Array<Record<string, string[]>> {
  const session: Record<string, string[]> = STATE_CHANGING.has(definition.method) ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] };
  return [session, { bearerToken: [] }];
}

/** The codes a route may answer with, by HTTP status: the common ones for its kind plus its own. */
export function errorCodesOf(definition: ApiRoute): ErrorCode[] {
  const codes: string[] = ['INPUT_INVALID', 'RATE_LIMITED', 'INTERNAL'];
  if (definition.body) codes.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if (definition.access !== 'public') codes.push('UNAUTHENTICATED');
  if (definition.access === 'admin') codes.push('FORBIDDEN');
  if (definition.access !== 'public' && STATE_CHANGING.has(definition.method)) codes.push('CSRF_INVALID');
  for (const code of definition.errors ?? []) {
    if (!isErrorCode(code)) throw new Error(`route ${definition.method.toUpperCase()} ${definition.path} names the unknown error code ${code}`);
    codes.push(code);
  }
  return [...new Set(codes)] as ErrorCode[];
}

function errorResponsesOf(definition: ApiRoute): Array<[number, ErrorCode[]]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(definition)) {
    const status = ERROR_CODES[code].httpStatus;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus.entries()].sort(([a], [b]) => a - b);
}

function errorEnvelopeSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'Every failure, whatever the endpoint. Never a stack trace; `requestId` finds the log lines.',
    required: ['error', 'requestId'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'details'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', description: 'A stable code from docs/error-codes.md.', enum: Object.keys(ERROR_CODES) },
          message: { type: 'string', description: 'For people; may change between versions.' },
          details: { type: 'array', description: 'Per-problem entries, e.g. `{ pointer, message }` for each invalid field.', items: {} },
        },
      },
      requestId: { type: 'string' },
    },
  };
}

/** The schema as plain JSON (TypeBox's symbol keys dropped). */
function plain<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema)) as T;
}
