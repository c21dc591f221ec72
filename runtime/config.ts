import { resolve } from 'node:path';
import { DEFAULT_BUNDLE_LIMITS, FlowdeskError, type BundleLimits } from '../engine/index.js';

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
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads PORT, HOST, FLOWDESK_DATA_DIR, FLOWDESK_DATABASE_URL, FLOWDESK_DEFINITIONS_DIR,
 * FLOWDESK_BUNDLE_MAX_BYTES, FLOWDESK_BUNDLE_MAX_FILE_BYTES, FLOWDESK_BUNDLE_MAX_ENTRIES,
 * FLOWDESK_TRUSTED_KEYS and LOG_LEVEL.
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
  };
  if (env['FLOWDESK_TRUSTED_KEYS']) config.trustedKeysPath = resolve(cwd, env['FLOWDESK_TRUSTED_KEYS']);
  return config;
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
