import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_BUNDLE = join(REPO_ROOT, 'definitions', 'flowdesk-sample');

/** A writable copy of the sample bundle, in `parent` or a fresh temporary folder. */
export function copySample(parent = mkdtempSync(join(tmpdir(), 'flowdesk-bundle-'))): string {
  const dir = join(parent, 'flowdesk-sample');
  cpSync(SAMPLE_BUNDLE, dir, { recursive: true });
  return dir;
}

/** Edits a JSON file of a bundle folder in place. */
export function editJson(dir: string, file: string, edit: (value: Record<string, unknown>) => void): void {
  const path = join(dir, file);
  const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function editText(dir: string, file: string, edit: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/** A minimal valid bundle folder: manifest, both locales, and whatever `extra` adds. */
export function writeMinimalBundle(dir: string, manifest: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const base = {
    schemaVersion: 1,
    version: '1.0.0',
    title: { 'zh-CN': '测试', en: 'Test' },
    description: { 'zh-CN': '测试包', en: 'Test bundle' },
    flowdesk: '>=0.1.0',
    contents: { i18n: ['i18n/zh-CN.json', 'i18n/en.json'] },
    ...manifest,
  };
  const files: Record<string, unknown> = {
    'bundle.json': base,
    'i18n/zh-CN.json': { locale: 'zh-CN', messages: {} },
    'i18n/en.json': { locale: 'en', messages: {} },
    ...extra,
  };
  for (const [file, value] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  }
  return dir;
}

export interface RawEntry {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'character-device' | 'directory';
  linkname?: string;
  /** Declared size when it should differ from the content (for size-limit cases). */
  size?: number;
}

/** Builds a gzip'd tar with exactly these entries, however hostile. */
export async function buildRawArchive(entries: RawEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const content = Buffer.from(entry.content ?? '');
    if (type === 'file') pack.entry({ name: entry.name, size: content.length }, content);
    else pack.entry({ name: entry.name, type, linkname: entry.linkname ?? 'target', size: 0 });
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
