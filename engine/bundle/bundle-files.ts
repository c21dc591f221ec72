import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowdeskError, problemError } from '../errors/flowdesk-error.js';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits.js';
import { safeBundlePath } from './bundle-path.js';

/** A bundle's files in memory: canonical path → bytes. Nothing of a bundle is extracted to disk. */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Gathers files one by one while enforcing the limits: entry count, single-file size, total
 * size, safe and unique paths (two names differing only in case are duplicates too, because
 * they collide on the file systems our users export to).
 */
export class BundleFilesCollector {
  private readonly files = new Map<string, Uint8Array>();
  private readonly lowerCaseNames = new Set<string>();
  private total = 0;
  private entries = 0;

  constructor(private readonly limits: BundleLimits = DEFAULT_BUNDLE_LIMITS) {}

  /** Call before reading an entry's bytes, so a huge entry is refused by its declared size. */
  admit(rawName: string, size: number): string {
    if (++this.entries > this.limits.maxEntries) {
      throw problemError({ code: 'BUNDLE_TOO_MANY_ENTRIES', file: rawName, message: `more than ${this.limits.maxEntries} entries` });
    }
    const path = safeBundlePath(rawName);
    if (this.lowerCaseNames.has(path.toLowerCase())) {
      throw problemError({ code: 'BUNDLE_ENTRY_DUPLICATE', file: path, message: 'the name appears twice' });
    }
    if (size > this.limits.maxFileBytes) {
      throw problemError({ code: 'BUNDLE_FILE_TOO_LARGE', file: path, message: `${size} bytes is over the ${this.limits.maxFileBytes}-byte limit for one file` });
    }
    this.total += size;
    if (this.total > this.limits.maxBundleBytes) {
      throw problemError({ code: 'BUNDLE_TOO_LARGE', file: path, message: `the bundle is over the ${this.limits.maxBundleBytes}-byte limit` });
    }
    this.lowerCaseNames.add(path.toLowerCase());
    return path;
  }

  add(path: string, bytes: Uint8Array): void {
    this.files.set(path, bytes);
  }

  result(): BundleFiles {
    return new Map([...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/**
 * Reads a bundle folder. Hidden files and folders (`.git`, `.DS_Store`) are skipped; symlinks and
 * anything else that is not a regular file or folder are refused.
 */
export async function readBundleDirectory(dir: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<BundleFiles> {
  const collector = new BundleFilesCollector(limits);
  try {
    const root = await lstat(dir);
    if (!root.isDirectory()) throw new FlowdeskError('BUNDLE_SOURCE_UNREADABLE', `${dir} is not a folder`);
  } catch (error) {
    if (error instanceof FlowdeskError) throw error;
    throw new FlowdeskError('BUNDLE_SOURCE_UNREADABLE', `cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
  await walk(dir, '', collector);
  return collector.result();
}

async function walk(root: string, prefix: string, collector: BundleFilesCollector): Promise<void> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      await walk(root, relative, collector);
    } else if (entry.isFile()) {
      const { size } = await lstat(join(root, relative));
      const path = collector.admit(relative, size);
      collector.add(path, await readFile(join(root, relative)));
    } else {
      throw problemError({ code: 'BUNDLE_ENTRY_TYPE_FORBIDDEN', file: relative, message: `${entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; bundles hold regular files only` });
    }
  }
}
