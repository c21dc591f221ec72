import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowdeskError, problemError } from '../errors/flowdesk-error.js';
import { SIGNATURE_FILE } from './bundle-path.js';

/** The content of `bundle.sig`: an Ed25519 signature over the exact bytes of the packed bundle.json. */
export interface BundleSignature {
  algorithm: 'ed25519';
  keyId: string;
  signature: string;
}

/** A key's id: the first 16 hex digits of the SHA-256 of its DER public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function loadSigningKey(pem: string | Buffer): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new FlowdeskError('CONFIG_INVALID', 'the signing key is not an Ed25519 private key');
  return key;
}

export function signManifest(manifestBytes: Uint8Array, privateKey: KeyObject): BundleSignature {
  return {
    algorithm: 'ed25519',
    keyId: keyIdOf(createPublicKey(privateKey)),
    signature: sign(null, manifestBytes, privateKey).toString('base64'),
  };
}

/** Trusted public keys by key id. Empty means: no signature policy. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/** Reads trusted Ed25519 public keys from a PEM file or a folder of `*.pem` files. */
export async function loadTrustedKeys(path: string): Promise<TrustedKeys> {
  const keys = new Map<string, KeyObject>();
  let files: string[];
  try {
    files = (await stat(path)).isDirectory() ? (await readdir(path)).filter((f) => f.endsWith('.pem')).map((f) => join(path, f)) : [path];
  } catch (error) {
    throw new FlowdeskError('CONFIG_INVALID', `cannot read trusted keys at ${path}`, { cause: error });
  }
  for (const file of files) {
    const key = createPublicKey(await readFile(file));
    if (key.asymmetricKeyType !== 'ed25519') throw new FlowdeskError('CONFIG_INVALID', `${file} is not an Ed25519 public key`);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/**
 * Applies the signature policy to an archive. With no trusted keys configured, signatures are
 * not required and not checked (returns undefined). With trusted keys, the archive must carry a
 * signature by one of them that verifies.
 * @returns the signer's key id, when verified.
 */
export function checkSignature(manifestBytes: Uint8Array, signatureBytes: Uint8Array | undefined, trusted: TrustedKeys): string | undefined {
  if (trusted.size === 0) return undefined;
  if (signatureBytes === undefined) {
    throw problemError({ code: 'BUNDLE_SIGNATURE_UNTRUSTED', file: SIGNATURE_FILE, message: 'trusted keys are configured and the bundle is not signed' });
  }
  const signature = parseSignature(signatureBytes);
  const key = trusted.get(signature.keyId);
  if (!key) {
    throw problemError({ code: 'BUNDLE_SIGNATURE_UNTRUSTED', file: SIGNATURE_FILE, message: `signed by key ${signature.keyId}, which is not trusted` });
  }
  const isValid = verify(null, manifestBytes, key, Buffer.from(signature.signature, 'base64'));
  if (!isValid) {
    throw problemError({ code: 'BUNDLE_SIGNATURE_INVALID', file: SIGNATURE_FILE, message: `the signature by key ${signature.keyId} does not match bundle.json` });
  }
  return signature.keyId;
}

function parseSignature(bytes: Uint8Array): BundleSignature {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<BundleSignature>;
    if (value.algorithm === 'ed25519' && typeof value.keyId === 'string' && typeof value.signature === 'string') {
      return value as BundleSignature;
    }
  } catch {
    // fall through to the error below
  }
  throw problemError({ code: 'BUNDLE_SIGNATURE_INVALID', file: SIGNATURE_FILE, message: 'not a Flowdesk signature ({ algorithm: "ed25519", keyId, signature })' });
}
