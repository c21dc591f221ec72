#!/usr/bin/env node
// Builds the web apps (runtime/web → dist/web, and the designer, designer/ → dist/web/designer)
// when their sources changed since the last build:
// `npm install` and `npm start` both run it, and a fresh build is skipped in well under a second.
// `--force` builds anyway; `--sizes` prints each app's JavaScript size (gzip and raw).
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'runtime/web');
const designerSources = join(root, 'designer');
const out = join(root, 'dist/web');
const stampFile = join(out, '.source-hash');

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)])));
  return files.flat().sort();
}

/** One hash over every source file and the lock file (a dependency bump rebuilds too). */
async function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...(await filesUnder(sources)), ...(await filesUnder(designerSources)), join(root, 'package-lock.json')]) {
    hash.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/**
 * The JavaScript of each page: what its first view loads (the entry and every chunk it imports
 * statically) and everything it may load later too (its lazily imported pages).
 */
export async function pageSizes(dir = out) {
  const manifest = JSON.parse(await readFile(join(dir, '.vite/manifest.json'), 'utf8'));
  const sizeOf = async (names) => {
    let raw = 0;
    let gzip = 0;
    for (const name of names) {
      const bytes = await readFile(join(dir, manifest[name].file));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { raw, gzip };
  };
  const reach = (start, lazy) => {
    const seen = new Set();
    const visit = (name) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const imported of [...(manifest[name]?.imports ?? []), ...(lazy ? (manifest[name]?.dynamicImports ?? []) : [])]) visit(imported);
    };
    visit(start);
    return seen;
  };
  const sizes = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isEntry) sizes[chunk.name] = { first: await sizeOf(reach(key, false)), all: await sizeOf(reach(key, true)) };
  }
  return sizes;
}

const force = process.argv.includes('--force');
const hash = await sourceHash();
const built = await readFile(stampFile, 'utf8').catch(() => '');
if (force || built.trim() !== hash) {
  // A production build whatever the caller's NODE_ENV (jest sets "test"): no development warnings.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  const started = Date.now();
  await build({ configFile: join(sources, 'vite.config.js'), build: { manifest: true } });
  // Second: the apps' build empties dist/web, designer included.
  await build({ configFile: join(designerSources, 'vite.config.js'), build: { manifest: true } });
  await writeFile(stampFile, `${hash}\n`);
  process.stdout.write(`web apps built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
if (process.argv.includes('--sizes')) {
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const sizes = { ...(await pageSizes()), ...(await pageSizes(join(out, 'designer'))) };
  for (const [page, { first, all }] of Object.entries(sizes)) {
    process.stdout.write(`${page}: first view ${kib(first.gzip)} gzip (${kib(first.raw)}); with every page ${kib(all.gzip)} gzip (${kib(all.raw)})\n`);
  }
}
