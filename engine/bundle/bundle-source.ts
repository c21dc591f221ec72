import { readFile, stat } from 'node:fs/promises';
import { FlowdeskError, problemError } from '../errors/flowdesk-error.js';
import { sealManifest, sha256Hex, unpackBundle, verifySealedManifest } from './bundle-archive.js';
import { readBundleDirectory, type BundleFiles } from './bundle-files.js';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from './bundle-path.js';
import { checkSignature, type BundleSignature, type TrustedKeys } from './bundle-signature.js';

/** A bundle read into memory, its integrity checked, before validation. */
export interface LoadedBundle {
  /** Where it came from, for messages: a folder path or an archive name. */
  label: string;
  /** The files, with bundle.json in its sealed (canonical) form and no signature file. */
  files: BundleFiles;
  /** SHA-256 of the sealed manifest, which lists the SHA-256 of every other file: the content identity. */
  contentHash: string;
  /** The archive's signature, kept only when it signs exactly the sealed manifest. */
  signature?: BundleSignature | undefined;
  /** Key id of the trusted key that verified the signature. */
  signedBy?: string;
}

export interface LoadOptions {
  limits?: BundleLimits;
  trustedKeys?: TrustedKeys;
}

/** Reads a folder or a `.tgz` archive, whichever `path` is. */
export async function loadBundleFromPath(path: string, options: LoadOptions = {}): Promise<LoadedBundle> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new FlowdeskError('BUNDLE_SOURCE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
  if (isDirectory) return loadBundleFromFiles(path, await readBundleDirectory(path, options.limits ?? DEFAULT_BUNDLE_LIMITS));
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const { size } = await stat(path);
  if (size > limits.maxBundleBytes) {
    throw problemError({ code: 'BUNDLE_TOO_LARGE', file: path, message: `the archive is over the ${limits.maxBundleBytes}-byte limit` });
  }
  return loadBundleFromArchive(path, await readFile(path), options);
}

/** A folder's files: sealed here, no signature policy (folders are trusted like any local file). */
export function loadBundleFromFiles(label: string, files: BundleFiles): LoadedBundle {
  const sealed = sealManifest(files);
  const withSeal = new Map(files);
  withSeal.delete(SIGNATURE_FILE);
  withSeal.set(MANIFEST_FILE, sealed);
  return { label, files: withSeal, contentHash: sha256Hex(sealed) };
}

/** An archive: unpacked under the limits, its hashes verified, its signature checked against policy. */
export async function loadBundleFromArchive(label: string, archive: Uint8Array, options: LoadOptions = {}): Promise<LoadedBundle> {
  const files = await unpackBundle(archive, options.limits ?? DEFAULT_BUNDLE_LIMITS);
  verifySealedManifest(files);
  const manifestBytes = files.get(MANIFEST_FILE)!;
  const signatureBytes = files.get(SIGNATURE_FILE);
  const signedBy = checkSignature(manifestBytes, signatureBytes, options.trustedKeys ?? new Map());
  const loaded = loadBundleFromFiles(label, files);
  const isCanonical = Buffer.compare(Buffer.from(manifestBytes), loaded.files.get(MANIFEST_FILE)!) === 0;
  if (signatureBytes && isCanonical) loaded.signature = parseSignatureOrNothing(signatureBytes);
  if (signedBy) loaded.signedBy = signedBy;
  return loaded;
}

/** Without a trust policy an unreadable signature is not an error; it is simply not kept. */
function parseSignatureOrNothing(bytes: Uint8Array): BundleSignature | undefined {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as BundleSignature;
  } catch {
    return undefined;
  }
}
