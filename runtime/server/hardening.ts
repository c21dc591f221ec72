/**
 * The HTTP edge's defences: security headers with a strict Content-Security-Policy, CORS only for
 * configured origins, per-IP rate limits, and a JSON body parser with a size limit whose failures
 * become error codes.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { FlowdeskError } from '../../engine/index.js';
import type { RateLimitSetting } from '../config.js';
import { JSON_CONTENT_TYPES } from './api-route.js';

/** The per-request nonce a page may put on its `<style nonce>` elements (`res.locals.cspNonce`). */
export function cspNonceOf(res: ServerResponse): string {
  return String((res as ServerResponse & { locals?: Record<string, unknown> }).locals?.['cspNonce'] ?? '');
}

/**
 * helmet with an explicit policy: everything from this origin only; scripts only from files this
 * server serves (no inline script, no eval); styles from served files or `<style>` elements that
 * carry the request's nonce, and style attributes; no plugins, no `<base>`, no framing, forms post
 * only here.
 */
export function securityHeaders(): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals['cspNonce'] = randomBytes(16).toString('base64');
    next();
  };
  const styleNonce = (_req: IncomingMessage, res: ServerResponse): string => `'nonce-${cspNonceOf(res)}'`;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", styleNonce],
        // Style attributes (antd measures text areas through one) may be inline: they run no
        // script, and with images, fonts and connections held to this origin they reach nowhere.
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  return [nonce, headers];
}

const CORS_ALLOWED_HEADERS = 'Content-Type, Authorization, X-CSRF-Token, X-Request-Id, If-Match';
const CORS_EXPOSED_HEADERS = 'X-Request-Id, Retry-After, RateLimit, RateLimit-Policy, ETag, Location';

/**
 * CORS for the listed origins only, with credentials; with no origins, no CORS header is ever sent
 * (browsers then keep other sites' pages from reading answers). A preflight from a listed origin
 * is answered here with 204.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (allowed.size === 0 || origin === undefined) return next();
    res.vary('Origin');
    if (!allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

export interface LimiterOptions {
  log: Logger;
  /** Who counts as one client; the IP (IPv6 by /56) unless said. */
  keyGenerator?: (req: express.Request) => string;
}

/**
 * A per-client limit on every /api request. Counts live in this process's memory: behind a load
 * balancer each node counts its own share. `limit: 0` turns it off (benchmarks).
 */
export function createApiLimiter(setting: RateLimitSetting, options: LimiterOptions): RequestHandler {
  return limiter(setting, options, false);
}

/**
 * The stricter limit for login endpoints (mount it with the route's `before`): only failed attempts
 * (answers of 400 and above) count, so a user who logs in well is never slowed down.
 */
export function createLoginLimiter(setting: RateLimitSetting, options: LimiterOptions): RequestHandler {
  return limiter(setting, options, true);
}

function limiter(setting: RateLimitSetting, { log, keyGenerator }: LimiterOptions, onlyFailures: boolean): RequestHandler {
  if (setting.limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: setting.windowMs,
    limit: setting.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: onlyFailures,
    ...(keyGenerator ? { keyGenerator } : {}),
    logger: { error: (error, message) => log.error({ err: error }, message ?? 'rate limiter'), warn: (error, message) => log.warn({ err: error }, message ?? 'rate limiter') },
    // Retry-After is set by the limiter before this runs; the error handler writes the envelope.
    handler: (_req, res, next) => next(new FlowdeskError('RATE_LIMITED', `too many requests; retry in ${String(res.getHeader('Retry-After') ?? 'a few')} seconds`)),
  });
}

/**
 * Parses JSON bodies (`application/json`, `application/*+json`) up to `limitBytes`; bodies of other
 * types are left unread for the route to refuse. Compressed bodies are refused rather than inflated
 * (a small gzip can unpack to gigabytes), and so are bytes that are not valid UTF-8 (including
 * overlong encodings), instead of being read as U+FFFD.
 */
export function jsonBodyParser(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    type: [...JSON_CONTENT_TYPES],
    inflate: false,
    strict: true,
    verify: (_req, _res, buffer, encoding) => {
      if (/^utf-?8$/i.test(encoding) && !isUtf8(buffer)) throw new FlowdeskError('INPUT_INVALID', 'the request body is not valid UTF-8');
    },
  });
}

/**
 * The FlowdeskError for an error raised by body parsing or the router (they carry a `type` or a
 * 4xx `status`), or null for anything else. Never passes their message on: it may quote the input.
 */
export function httpInputError(error: unknown): FlowdeskError | null {
  if (error === null || typeof error !== 'object') return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new FlowdeskError('PAYLOAD_TOO_LARGE', `the request body is larger than allowed (${String((error as { limit?: unknown }).limit ?? '?')} bytes)`);
    case 'entity.parse.failed':
      return new FlowdeskError('INPUT_INVALID', 'the request body is not valid JSON (a JSON object or array)');
    case 'charset.unsupported':
      return new FlowdeskError('UNSUPPORTED_MEDIA_TYPE', 'the request body must be UTF-8');
    case 'encoding.unsupported':
      return new FlowdeskError('UNSUPPORTED_MEDIA_TYPE', 'the request body must not be compressed (Content-Encoding)');
    case 'request.aborted':
    case 'request.size.invalid':
      return new FlowdeskError('INPUT_INVALID', 'the request body ended early or does not match its Content-Length');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) return new FlowdeskError('INPUT_INVALID', 'the request is malformed');
  return null;
}
