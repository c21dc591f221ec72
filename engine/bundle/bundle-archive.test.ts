import { generateKeyPairSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SAMPLE_BUNDLE, buildRawArchive } from '../../test/bundle-fixtures.js';
import { refusal } from '../../test/refusal.js';
import { packBundle, sealManifest, unpackBundle } from './bundle-archive.js';
import { readBundleDirectory } from './bundle-files.js';
import { loadBundleFromArchive } from './bundle-source.js';
import { keyIdOf, signManifest } from './bundle-signature.js';

const limits = { maxBundleBytes: 64 * 1024, maxFileBytes: 16 * 1024, maxEntries: 10 };

describe('packBundle', () => {
  it('makes the same bytes every time for the same files', async () => {
    const files = await readBundleDirectory(SAMPLE_BUNDLE);
    const first = await packBundle(files);
    const second = await packBundle(await readBundleDirectory(SAMPLE_BUNDLE));
    expect(first.equals(second)).toBe(true);
  });

  it('records every file SHA-256 in the packed manifest and round-trips through unpack', async () => {
    const files = await readBundleDirectory(SAMPLE_BUNDLE);
    const unpacked = await unpackBundle(await packBundle(files));
    const manifest = JSON.parse(Buffer.from(unpacked.get('bundle.json')!).toString('utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual([...files.keys()].filter((p) => p !== 'bundle.json').sort());
    expect(Buffer.from(unpacked.get('processes/suggestion.bpmn')!).equals(Buffer.from(files.get('processes/suggestion.bpmn')!))).toBe(true);
  });
});

describe('unpackBundle refuses hostile archives', () => {
  const cases: Array<[string, Parameters<typeof buildRawArchive>[0], string]> = [
    ['an entry climbing out with ..', [{ name: '../evil.json', content: '{}' }], 'BUNDLE_PATH_UNSAFE'],
    ['a nested .. segment', [{ name: 'forms/../../evil.json', content: '{}' }], 'BUNDLE_PATH_UNSAFE'],
    ['an absolute path', [{ name: '/etc/cron.d/evil', content: 'x' }], 'BUNDLE_PATH_UNSAFE'],
    ['a symlink', [{ name: 'forms/link.json', type: 'symlink', linkname: '/etc/passwd' }], 'BUNDLE_ENTRY_TYPE_FORBIDDEN'],
    ['a hard link', [{ name: 'forms/hard.json', type: 'link', linkname: 'bundle.json' }], 'BUNDLE_ENTRY_TYPE_FORBIDDEN'],
    ['a device file', [{ name: 'dev-null', type: 'character-device' }], 'BUNDLE_ENTRY_TYPE_FORBIDDEN'],
    ['duplicate names', [{ name: 'a.json', content: '{}' }, { name: 'a.json', content: '{"x":1}' }], 'BUNDLE_ENTRY_DUPLICATE'],
    ['names differing only in case', [{ name: 'A.json', content: '{}' }, { name: 'a.json', content: '{}' }], 'BUNDLE_ENTRY_DUPLICATE'],
    ['too many entries', Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.json`, content: '{}' })), 'BUNDLE_TOO_MANY_ENTRIES'],
    ['a single file over the limit', [{ name: 'big.json', content: 'x'.repeat(16 * 1024 + 1) }], 'BUNDLE_FILE_TOO_LARGE'],
    ['files adding up over the limit', Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.json`, content: 'x'.repeat(15 * 1024) })), 'BUNDLE_TOO_LARGE'],
  ];

  it.each(cases)('%s', async (_title, entries, code) => {
    const error = await refusal(unpackBundle(await buildRawArchive(entries), limits));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^\S/);
  });

  it('refuses a decompression bomb before inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await refusal(unpackBundle(bomb, limits));
    expect(error.code).toBe('BUNDLE_TOO_LARGE');
  });

  it('refuses bytes that are not gzip, and gzip that is not tar', async () => {
    expect((await refusal(unpackBundle(Buffer.from('PK\u0003\u0004 not a tgz')))).code).toBe('BUNDLE_ARCHIVE_MALFORMED');
    expect((await refusal(unpackBundle(gzipSync(Buffer.from('x'.repeat(2000)))))).code).toBe('BUNDLE_ARCHIVE_MALFORMED');
  });
});

describe('integrity and signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const trusted = new Map([[keyIdOf(publicKey), publicKey]]);

  it('refuses a file that does not match its recorded SHA-256, naming the file', async () => {
    const files = new Map(await readBundleDirectory(SAMPLE_BUNDLE));
    const archive = await unpackBundle(await packBundle(files));
    const tampered = new Map(archive);
    tampered.set('forms/suggestion-review.json', Buffer.from('{"id":"tampered"}'));
    const entries = [...tampered].map(([name, content]) => ({ name, content: Buffer.from(content) }));
    const error = await refusal(loadBundleFromArchive('x.tgz', await buildRawArchive(entries)));
    expect(error.code).toBe('BUNDLE_HASH_MISMATCH');
    expect(error.details[0]).toMatchObject({ file: 'forms/suggestion-review.json' });
  });

  it('accepts an archive signed by a trusted key and records the signer', async () => {
    const files = await readBundleDirectory(SAMPLE_BUNDLE);
    const archive = await packBundle(files, signManifest(sealManifest(files), privateKey));
    const loaded = await loadBundleFromArchive('x.tgz', archive, { trustedKeys: trusted });
    expect(loaded.signedBy).toBe(keyIdOf(publicKey));
  });

  it('refuses a bad signature', async () => {
    const files = await readBundleDirectory(SAMPLE_BUNDLE);
    const signature = signManifest(sealManifest(files), privateKey);
    const forged = { ...signature, signature: Buffer.from(Buffer.from(signature.signature, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64') };
    const error = await refusal(loadBundleFromArchive('x.tgz', await packBundle(files, forged), { trustedKeys: trusted }));
    expect(error.code).toBe('BUNDLE_SIGNATURE_INVALID');
    expect(error.details[0]).toMatchObject({ file: 'bundle.sig' });
  });

  it('refuses an unsigned archive, or one signed by an untrusted key, when trusted keys are configured', async () => {
    const files = await readBundleDirectory(SAMPLE_BUNDLE);
    expect((await refusal(loadBundleFromArchive('x.tgz', await packBundle(files), { trustedKeys: trusted }))).code).toBe('BUNDLE_SIGNATURE_UNTRUSTED');
    const byOther = await packBundle(files, signManifest(sealManifest(files), other.privateKey));
    expect((await refusal(loadBundleFromArchive('x.tgz', byOther, { trustedKeys: trusted }))).code).toBe('BUNDLE_SIGNATURE_UNTRUSTED');
  });
});
