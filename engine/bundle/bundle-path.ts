import { problemError } from '../errors/flowdesk-error.js';

export const MANIFEST_FILE = 'bundle.json';
export const SIGNATURE_FILE = 'bundle.sig';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Checks a path inside a bundle (an archive entry name or a folder-relative path) and returns it
 * in its one canonical form: relative, forward slashes, no `.` or `..`, no hidden segments.
 * @throws BUNDLE_PATH_UNSAFE naming the path.
 */
export function safeBundlePath(name: string): string {
  const trimmed = name.replace(/^\.\/+/, '').replace(/\/+$/, '');
  const reason = unsafeReason(name, trimmed);
  if (reason) throw problemError({ code: 'BUNDLE_PATH_UNSAFE', file: name, message: `unsafe path: ${reason}` });
  return trimmed;
}

function unsafeReason(raw: string, path: string): string | undefined {
  if (raw.includes('\0')) return 'contains a NUL byte';
  if (raw.includes('\\')) return 'contains a backslash';
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return 'is absolute';
  if (path.length === 0) return 'is empty';
  if (path.length > 255) return 'is longer than 255 characters';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'climbs out of the bundle with ".."';
  if (segments.some((s) => !SEGMENT.test(s))) return 'has an empty, hidden or non-portable segment (use letters, digits, . _ -)';
  return undefined;
}
