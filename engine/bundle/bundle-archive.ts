import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { FlowdeskError, problemError } from '../errors/flowdesk-error.js';
import { BundleFilesCollector, type BundleFiles } from './bundle-files.js';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from './bundle-path.js';
import { parseBundleJson } from './json-reader.js';
import type { BundleSignature } from './bundle-signature.js';

const TAR_BLOCK = 512;
const FIXED_MTIME = new Date(0);

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The manifest as it is packed: the source manifest with a `files` map (path → SHA-256) of every
 * other file, rebuilt so its key order and whitespace are always the same.
 */
export function sealManifest(files: BundleFiles): Buffer {
  const source = files.get(MANIFEST_FILE);
  if (!source) throw problemError({ code: 'BUNDLE_MANIFEST_MISSING', file: MANIFEST_FILE, message: 'the bundle has no bundle.json at its root' });
  const manifest = parseBundleJson(source, MANIFEST_FILE) as Record<string, unknown>;
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw problemError({ code: 'BUNDLE_SCHEMA_INVALID', file: MANIFEST_FILE, pointer: '/', message: 'must be an object' });
  }
  const { files: _previous, ...rest } = manifest;
  const hashes = Object.fromEntries(contentFiles(files).map(([path, bytes]) => [path, sha256Hex(bytes)]));
  return Buffer.from(`${JSON.stringify({ ...rest, files: hashes }, null, 2)}\n`, 'utf8');
}

/** Every file but the manifest and the signature, in path order. */
export function contentFiles(files: BundleFiles): Array<[string, Uint8Array]> {
  return [...files.entries()].filter(([path]) => path !== MANIFEST_FILE && path !== SIGNATURE_FILE).sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Packs a bundle into a gzip'd tar that is byte-for-byte the same for the same files: sorted
 * entries, fixed times, owners and modes, the sealed manifest first, then the signature if any.
 */
export async function packBundle(files: BundleFiles, signature?: BundleSignature): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const finished = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const entries: Array<[string, Uint8Array]> = [[MANIFEST_FILE, sealManifest(files)]];
  if (signature) entries.push([SIGNATURE_FILE, Buffer.from(`${JSON.stringify(signature, null, 2)}\n`)]);
  entries.push(...contentFiles(files));
  for (const [name, bytes] of entries) {
    pack.entry({ name, size: bytes.length, mode: 0o644, mtime: FIXED_MTIME, uid: 0, gid: 0, uname: '', gname: '', type: 'file' }, Buffer.from(bytes));
  }
  pack.finalize();
  await finished;
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}

/**
 * Reads an archive into memory under the limits. Refuses unsafe names, links, devices,
 * duplicates, too many entries, oversized files and a decompressed size over the limit, each
 * before the offending bytes are held.
 */
export async function unpackBundle(archive: Uint8Array, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<BundleFiles> {
  const tarBytes = gunzipWithin(archive, limits);
  const collector = new BundleFilesCollector(limits);
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const { name, type, size = 0 } = entry.header;
      if (type === 'directory') {
        entry.resume();
        continue;
      }
      if (type !== 'file' && type !== 'contiguous-file') {
        throw problemError({ code: 'BUNDLE_ENTRY_TYPE_FORBIDDEN', file: name, message: `a ${type} entry; bundles hold regular files only` });
      }
      const path = collector.admit(name, size);
      const parts: Buffer[] = [];
      for await (const chunk of entry) parts.push(chunk as Buffer);
      collector.add(path, Buffer.concat(parts));
    }
  })();
  Readable.from([tarBytes]).pipe(extract);
  try {
    await done;
  } catch (error) {
    extract.destroy();
    if (error instanceof FlowdeskError) throw error;
    throw new FlowdeskError('BUNDLE_ARCHIVE_MALFORMED', `not a readable tar archive: ${(error as Error).message}`, { cause: error });
  }
  return collector.result();
}

/** gunzip with a ceiling: the bundle limit plus room for tar headers and padding. */
function gunzipWithin(archive: Uint8Array, limits: BundleLimits): Buffer {
  const ceiling = limits.maxBundleBytes + (limits.maxEntries + 4) * TAR_BLOCK * 3;
  try {
    return gunzipSync(archive, { maxOutputLength: ceiling });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw problemError({ code: 'BUNDLE_TOO_LARGE', file: '(archive)', message: `decompresses to more than the ${limits.maxBundleBytes}-byte limit` });
    }
    throw new FlowdeskError('BUNDLE_ARCHIVE_MALFORMED', `not a gzip-compressed archive: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Checks an archive's sealed manifest against its files: every file listed with the right
 * SHA-256, nothing listed missing, nothing present unlisted.
 */
export function verifySealedManifest(files: BundleFiles): void {
  const source = files.get(MANIFEST_FILE);
  if (!source) throw problemError({ code: 'BUNDLE_MANIFEST_MISSING', file: MANIFEST_FILE, message: 'the archive has no bundle.json at its root' });
  const manifest = parseBundleJson(source, MANIFEST_FILE) as { files?: unknown };
  const listed = manifest?.files;
  if (listed === null || typeof listed !== 'object' || Array.isArray(listed)) {
    throw problemError({ code: 'BUNDLE_HASH_MISMATCH', file: MANIFEST_FILE, pointer: '/files', message: 'the archive manifest records no file hashes; pack it with `flowdesk bundle pack`' });
  }
  const expected = new Map(Object.entries(listed as Record<string, unknown>));
  for (const [path, bytes] of contentFiles(files)) {
    const hash = expected.get(path);
    if (hash === undefined) throw problemError({ code: 'BUNDLE_HASH_MISMATCH', file: path, message: 'the file is in the archive but not in the manifest\'s hash list' });
    if (hash !== sha256Hex(bytes)) throw problemError({ code: 'BUNDLE_HASH_MISMATCH', file: path, message: 'the file does not match the SHA-256 recorded in bundle.json' });
    expected.delete(path);
  }
  const [missing] = expected.keys();
  if (missing !== undefined) throw problemError({ code: 'BUNDLE_HASH_MISMATCH', file: missing, message: 'the manifest records a hash for a file the archive does not contain' });
}
