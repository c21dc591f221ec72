import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BUNDLE_LIMITS, DEFAULT_OUTBOUND_POLICY, FlowdeskError, type BundleLimits, type OutboundPolicy } from '../engine/index.js';
import { DEFAULT_SESSION_POLICY, readLdapConfig, type LdapConfig, type SessionPolicy } from './identity/index.js';

/** How many requests one client (by IP) may make per window; `limit: 0` turns the limiter off. */
export interface RateLimitSetting {
  limit: number;
  windowMs: number;
}

/** The HTTP edge: body size, who may call cross-origin, how fast, and who may scrape metrics. */
export interface HttpConfig {
  /** Largest JSON request body, in bytes. */
  bodyLimitBytes: number;
  /** Origins (`https://host[:port]`) allowed to call the API from a browser with credentials; empty: CORS off. */
  corsOrigins: readonly string[];
  rateLimits: { api: RateLimitSetting; login: RateLimitSetting };
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Express "trust proxy": hops (a number) or addresses/subnets of the proxies in front; false: none. */
  trustProxy: number | string | false;
}

/** Everything a Flowdesk process is configured with, read once from the environment. */
export interface RuntimeConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  definitionsDir: string;
  limits: BundleLimits;
  /** A PEM file or folder of Ed25519 public keys; when set, imported archives must be signed by one. */
  trustedKeysPath?: string;
  logLevel: string;
  http: HttpConfig;
  sessions: SessionPolicy;
  /** The LDAP directory, when FLOWDESK_LDAP_URL is set (see runtime/identity/ldap-config.ts). */
  ldap: LdapConfig | null;
  /** FLOWDESK_ADMIN_PASSWORD: used only while no administrator exists. */
  adminPassword?: string;
  /** Outgoing mail, when FLOWDESK_SMTP_URL is set; without it e-mail notification rules send nothing. */
  mail: MailConfig | null;
  /** Where webhooks may be delivered: FLOWDESK_WEBHOOK_ALLOW_PRIVATE, FLOWDESK_WEBHOOK_TIMEOUT_MS. */
  outbound: OutboundPolicy;
  /** The built web apps (FLOWDESK_WEB_DIR, default dist/web of this package); absent: API only. */
  webDir?: string;
}

export interface MailConfig {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (TLS). */
  smtpUrl: string;
  /** The From of every message. */
  from: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The defaults of {@link HttpConfig}, also what a test app starts from. */
export const DEFAULT_HTTP_CONFIG: HttpConfig = {
  bodyLimitBytes: 1024 * 1024,
  corsOrigins: [],
  rateLimits: { api: { limit: 600, windowMs: 60_000 }, login: { limit: 10, windowMs: 300_000 } },
  trustProxy: false,
};

/**
 * Reads PORT, HOST, FLOWDESK_DATA_DIR, FLOWDESK_DATABASE_URL, FLOWDESK_DEFINITIONS_DIR,
 * FLOWDESK_BUNDLE_MAX_BYTES, FLOWDESK_BUNDLE_MAX_FILE_BYTES, FLOWDESK_BUNDLE_MAX_ENTRIES,
 * FLOWDESK_TRUSTED_KEYS, LOG_LEVEL, the HTTP settings (see {@link readHttpConfig}), the session
 * settings FLOWDESK_SESSION_IDLE_MINUTES, FLOWDESK_SESSION_MAX_HOURS, FLOWDESK_COOKIE_SECURE,
 * FLOWDESK_ADMIN_PASSWORD and the FLOWDESK_LDAP_* settings.
 * @throws CONFIG_INVALID naming the variable.
 */
export function readConfig(env: Env = process.env, cwd = process.cwd()): RuntimeConfig {
  const dataDir = resolve(cwd, env['FLOWDESK_DATA_DIR'] || 'data');
  const config: RuntimeConfig = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env['HOST'] || '0.0.0.0',
    dataDir,
    databaseUrl: env['FLOWDESK_DATABASE_URL'] || `sqlite:${resolve(dataDir, 'flowdesk.sqlite')}`,
    definitionsDir: resolve(cwd, env['FLOWDESK_DEFINITIONS_DIR'] || 'definitions'),
    limits: {
      maxBundleBytes: integer(env, 'FLOWDESK_BUNDLE_MAX_BYTES', DEFAULT_BUNDLE_LIMITS.maxBundleBytes, 1024, 2 ** 31),
      maxFileBytes: integer(env, 'FLOWDESK_BUNDLE_MAX_FILE_BYTES', DEFAULT_BUNDLE_LIMITS.maxFileBytes, 1024, 2 ** 31),
      maxEntries: integer(env, 'FLOWDESK_BUNDLE_MAX_ENTRIES', DEFAULT_BUNDLE_LIMITS.maxEntries, 1, 100000),
    },
    logLevel: env['LOG_LEVEL'] || 'info',
    http: readHttpConfig(env),
    sessions: {
      idleMs: 60_000 * integer(env, 'FLOWDESK_SESSION_IDLE_MINUTES', DEFAULT_SESSION_POLICY.idleMs / 60_000, 5, 10080),
      absoluteMs: 3_600_000 * integer(env, 'FLOWDESK_SESSION_MAX_HOURS', DEFAULT_SESSION_POLICY.absoluteMs / 3_600_000, 1, 2160),
      secureCookie: env['FLOWDESK_COOKIE_SECURE'] === 'true',
    },
    ldap: readLdapConfig(env),
    mail: readMailConfig(env),
    outbound: {
      allowPrivate: flag(env, 'FLOWDESK_WEBHOOK_ALLOW_PRIVATE'),
      timeoutMs: integer(env, 'FLOWDESK_WEBHOOK_TIMEOUT_MS', DEFAULT_OUTBOUND_POLICY.timeoutMs, 100, 120_000),
    },
  };
  config.webDir = env['FLOWDESK_WEB_DIR'] ? resolve(cwd, env['FLOWDESK_WEB_DIR']) : join(packageRoot(), 'dist', 'web');
  if (env['FLOWDESK_ADMIN_PASSWORD']) config.adminPassword = env['FLOWDESK_ADMIN_PASSWORD'];
  if (env['FLOWDESK_TRUSTED_KEYS']) config.trustedKeysPath = resolve(cwd, env['FLOWDESK_TRUSTED_KEYS']);
  return config;
}

/**
 * Reads FLOWDESK_SMTP_URL and FLOWDESK_MAIL_FROM (default `Flowdesk <flowdesk@` the SMTP host `>`).
 * @throws CONFIG_INVALID naming the variable.
 */
export function readMailConfig(env: Env): MailConfig | null {
  const raw = env['FLOWDESK_SMTP_URL'];
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FlowdeskError('CONFIG_INVALID', 'FLOWDESK_SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new FlowdeskError('CONFIG_INVALID', 'FLOWDESK_SMTP_URL must start with smtp:// or smtps://');
  const from = env['FLOWDESK_MAIL_FROM'] || `Flowdesk <flowdesk@${url.hostname}>`;
  if (/[\r\n]/.test(from) || !from.includes('@')) throw new FlowdeskError('CONFIG_INVALID', 'FLOWDESK_MAIL_FROM must be one address, e.g. "Service desk <desk@example.com>"');
  return { smtpUrl: raw, from };
}

/**
 * Reads FLOWDESK_BODY_LIMIT, FLOWDESK_CORS_ORIGINS, FLOWDESK_RATE_LIMIT_API,
 * FLOWDESK_RATE_LIMIT_API_WINDOW, FLOWDESK_RATE_LIMIT_LOGIN, FLOWDESK_RATE_LIMIT_LOGIN_WINDOW,
 * FLOWDESK_METRICS_TOKEN and FLOWDESK_TRUST_PROXY.
 * @throws CONFIG_INVALID naming the variable.
 */
export function readHttpConfig(env: Env): HttpConfig {
  const { api, login } = DEFAULT_HTTP_CONFIG.rateLimits;
  const http: HttpConfig = {
    bodyLimitBytes: integer(env, 'FLOWDESK_BODY_LIMIT', DEFAULT_HTTP_CONFIG.bodyLimitBytes, 1024, 2 ** 30),
    corsOrigins: origins(env, 'FLOWDESK_CORS_ORIGINS'),
    rateLimits: {
      api: { limit: integer(env, 'FLOWDESK_RATE_LIMIT_API', api.limit, 0, 10 ** 9), windowMs: 1000 * integer(env, 'FLOWDESK_RATE_LIMIT_API_WINDOW', api.windowMs / 1000, 1, 86400) },
      login: { limit: integer(env, 'FLOWDESK_RATE_LIMIT_LOGIN', login.limit, 0, 10 ** 9), windowMs: 1000 * integer(env, 'FLOWDESK_RATE_LIMIT_LOGIN_WINDOW', login.windowMs / 1000, 1, 86400) },
    },
    trustProxy: trustProxy(env, 'FLOWDESK_TRUST_PROXY'),
  };
  const token = env['FLOWDESK_METRICS_TOKEN'];
  if (token) {
    // A short token is guessable; the scrape config holds it, so length costs nothing.
    if (token.length < 16) throw new FlowdeskError('CONFIG_INVALID', 'FLOWDESK_METRICS_TOKEN must be at least 16 characters long');
    http.metricsToken = token;
  }
  return http;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new FlowdeskError('CONFIG_INVALID', `${name} must be true or false, not "${raw}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FlowdeskError('CONFIG_INVALID', `${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** A comma-separated list of exact origins; `*` is refused because credentials are allowed. */
function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
    .map((origin) => {
      const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
      if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
        throw new FlowdeskError('CONFIG_INVALID', `${name} lists origins like https://portal.example.com (scheme, host, optional port; no path, no *), not "${origin}"`);
      }
      return parsed.origin;
    });
}

function trustProxy(env: Env, name: string): number | string | false {
  const raw = env[name]?.trim();
  if (!raw || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return integer(env, name, 0, 0, 100);
  if (raw === 'true') throw new FlowdeskError('CONFIG_INVALID', `${name}=true would trust any X-Forwarded-For; give the number of proxies or their addresses`);
  return raw;
}

/** The folder of Flowdesk's package.json, from this module's place (runtime/ in source, dist/runtime/ when built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
