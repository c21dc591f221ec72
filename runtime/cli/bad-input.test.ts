import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { packBundle, readBundleDirectory, signManifest, unpackBundle } from '../../engine/index.js';
import { REPO_ROOT, SAMPLE_BUNDLE, buildRawArchive, copySample, editJson, editText, writeMinimalBundle, type RawEntry } from '../../test/bundle-fixtures.js';
import { forEachDatabase, tableCounts } from '../../test/for-each-database.js';
import { runCli } from '../../test/run-cli.js';

/** One hostile input: how to make it in `dir`, and what the refusal must say. */
interface BadInput {
  title: string;
  make(dir: string): Promise<string[]>;
  code: string;
  /** Text the message must contain: the file and the place. */
  place: string;
  env?: Record<string, string>;
  args?: (dir: string) => string[];
}

const sampleFiles = async () => unpackBundle(await packBundle(await readBundleDirectory(SAMPLE_BUNDLE)));

/** The packed sample's entries plus `extra`, as a raw archive. */
async function sampleArchiveWith(dir: string, extra: RawEntry[], edit?: (entries: RawEntry[]) => void): Promise<string[]> {
  const entries: RawEntry[] = [...(await sampleFiles())].map(([name, content]) => ({ name, content: Buffer.from(content) }));
  entries.push(...extra);
  edit?.(entries);
  const path = join(dir, 'bad.tgz');
  writeFileSync(path, await buildRawArchive(entries));
  return [path];
}

/** A copy of the sample in `dir`, changed. */
async function sampleWith(dir: string, change: (bundle: string) => void): Promise<string[]> {
  const copy = copySample(dir);
  change(copy);
  return [copy];
}

const BPMN = 'processes/suggestion.bpmn';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

const CASES: BadInput[] = [
  { title: 'malformed JSON', code: 'BUNDLE_JSON_MALFORMED', place: 'roles.json:3:', make: (d) => sampleWith(d, (b) => editText(b, 'roles.json', (t) => t.replace('"roles": [', '"roles": [,'))) },
  {
    title: 'several schema violations, all reported with pointers',
    code: 'BUNDLE_SCHEMA_INVALID',
    place: 'calendars/office-hours.json#/timeZone',
    make: (d) => sampleWith(d, (b) => editJson(b, 'calendars/office-hours.json', (c) => Object.assign(c, { timeZone: 'Nowhere/City', holidays: [{ date: 'soon' }] }))),
  },
  { title: 'an unknown field', code: 'BUNDLE_FIELD_UNKNOWN', place: 'catalog.json#/entries/0/price', make: (d) => sampleWith(d, (b) => editJson(b, 'catalog.json', (c) => ((c['entries'] as Array<Record<string, unknown>>)[0]!['price'] = 3))) },
  { title: 'malformed XML', code: 'BUNDLE_XML_MALFORMED', place: `${BPMN}:`, make: (d) => sampleWith(d, (b) => editText(b, BPMN, (x) => x.replace('</bpmn:process>', ''))) },
  {
    title: 'a DOCTYPE with an external entity',
    code: 'BUNDLE_XML_DOCTYPE_FORBIDDEN',
    place: `${BPMN}:2:`,
    make: (d) => sampleWith(d, (b) => editText(b, BPMN, (x) => x.replace('?>\n', '?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'))),
  },
  {
    title: 'entity expansion',
    code: 'BUNDLE_XML_DOCTYPE_FORBIDDEN',
    place: `${BPMN}:2:`,
    make: (d) => sampleWith(d, (b) => editText(b, BPMN, (x) => x.replace('?>\n', `?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "${'&a;'.repeat(10)}"><!ENTITY c "${'&b;'.repeat(10)}">]>\n`))),
  },
  { title: 'very deep JSON nesting', code: 'BUNDLE_NESTING_TOO_DEEP', place: 'quality.json:1:', make: (d) => sampleWith(d, (b) => editText(b, 'quality.json', () => `${'['.repeat(10000)}${']'.repeat(10000)}`)) },
  { title: 'very deep XML nesting', code: 'BUNDLE_NESTING_TOO_DEEP', place: `${BPMN}:`, make: (d) => sampleWith(d, (b) => editText(b, BPMN, (x) => x.replace('</bpmn:process>', `${'<bpmn:documentation>'.repeat(300)}${'</bpmn:documentation>'.repeat(300)}</bpmn:process>`))) },
  {
    title: 'invalid UTF-8',
    code: 'BUNDLE_ENCODING_INVALID',
    place: 'i18n/en.json',
    make: (d) => sampleWith(d, (b) => writeFileSync(join(b, 'i18n/en.json'), Buffer.concat([Buffer.from('{"locale":"en","messages":{"a":"'), Buffer.from([0xe4, 0xb8]), Buffer.from('"}}')]))),
  },
  { title: 'an archive entry with ..', code: 'BUNDLE_PATH_UNSAFE', place: '../../escape.json', make: (d) => sampleArchiveWith(d, [{ name: '../../escape.json', content: '{}' }]) },
  { title: 'an absolute archive entry', code: 'BUNDLE_PATH_UNSAFE', place: '/tmp/flowdesk-owned', make: (d) => sampleArchiveWith(d, [{ name: '/tmp/flowdesk-owned', content: 'x' }]) },
  { title: 'a symlink in an archive', code: 'BUNDLE_ENTRY_TYPE_FORBIDDEN', place: 'forms/passwd.json', make: (d) => sampleArchiveWith(d, [{ name: 'forms/passwd.json', type: 'symlink', linkname: '/etc/passwd' }]) },
  { title: 'a symlink in a folder', code: 'BUNDLE_ENTRY_TYPE_FORBIDDEN', place: 'forms/passwd.json', make: (d) => sampleWith(d, (b) => symlinkSync('/etc/passwd', join(b, 'forms/passwd.json'))) },
  { title: 'a hard link in an archive', code: 'BUNDLE_ENTRY_TYPE_FORBIDDEN', place: 'forms/copy.json', make: (d) => sampleArchiveWith(d, [{ name: 'forms/copy.json', type: 'link', linkname: 'bundle.json' }]) },
  { title: 'a device file in an archive', code: 'BUNDLE_ENTRY_TYPE_FORBIDDEN', place: 'dev/null', make: (d) => sampleArchiveWith(d, [{ name: 'dev/null', type: 'character-device' }]) },
  { title: 'duplicate archive entries', code: 'BUNDLE_ENTRY_DUPLICATE', place: 'roles.json', make: (d) => sampleArchiveWith(d, [{ name: 'roles.json', content: '{"roles":[]}' }]) },
  { title: 'too many entries', code: 'BUNDLE_TOO_MANY_ENTRIES', place: 'more than 10 entries', env: { FLOWDESK_BUNDLE_MAX_ENTRIES: '10' }, make: (d) => sampleArchiveWith(d, []) },
  {
    title: 'a decompressed size over the configured limit',
    code: 'BUNDLE_TOO_LARGE',
    place: '20000-byte limit',
    env: { FLOWDESK_BUNDLE_MAX_BYTES: '20000' },
    make: (d) => sampleArchiveWith(d, [{ name: 'padding.txt', content: Buffer.alloc(500000, 32) }]),
  },
  { title: 'a single file over the limit', code: 'BUNDLE_FILE_TOO_LARGE', place: 'big.txt', env: { FLOWDESK_BUNDLE_MAX_FILE_BYTES: '8192' }, make: (d) => sampleArchiveWith(d, [{ name: 'big.txt', content: Buffer.alloc(9000, 32) }]) },
  {
    title: 'a manifest hash mismatch',
    code: 'BUNDLE_HASH_MISMATCH',
    place: 'roles.json',
    make: (d) => sampleArchiveWith(d, [], (entries) => (entries.find((e) => e.name === 'roles.json')!.content = '{"roles":[{"id":"evil","titleKey":"role.author","grants":[]}]}')),
  },
  {
    title: 'a bad signature',
    code: 'BUNDLE_SIGNATURE_INVALID',
    place: 'bundle.sig',
    args: (d) => ['--trusted-keys', join(d, 'trusted.pem')],
    make: async (d) => {
      writeFileSync(join(d, 'trusted.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      const files = await readBundleDirectory(SAMPLE_BUNDLE);
      const signature = signManifest(Buffer.from('some other manifest'), privateKey);
      const path = join(d, 'signed.tgz');
      writeFileSync(path, await packBundle(files, signature));
      return [path];
    },
  },
  {
    title: 'a dependency cycle',
    code: 'BUNDLE_DEPENDENCY_CYCLE',
    place: 'one → two → one',
    make: async (d) => [writeMinimalBundle(join(d, 'one'), { name: 'one', requires: { two: '*' } }), writeMinimalBundle(join(d, 'two'), { name: 'two', requires: { one: '*' } })],
  },
  { title: 'a missing dependency', code: 'BUNDLE_DEPENDENCY_MISSING', place: 'bundle.json#/requires/itsm-core', make: async (d) => [writeMinimalBundle(join(d, 'lonely'), { name: 'lonely', requires: { 'itsm-core': '^3.0.0' } })] },
  { title: 'a __proto__ key', code: 'BUNDLE_KEY_FORBIDDEN', place: 'roles.json#/__proto__', make: (d) => sampleWith(d, (b) => editText(b, 'roles.json', (t) => t.replace('{', '{"__proto__": {"isAdmin": true},'))) },
  { title: 'a constructor key', code: 'BUNDLE_KEY_FORBIDDEN', place: 'sla.json#/policies/0/constructor', make: (d) => sampleWith(d, (b) => editText(b, 'sla.json', (t) => t.replace('"id": "suggestion-answer",', '"id": "suggestion-answer", "constructor": {"prototype": {}},'))) },
];

/** Every file under `dir`, relative, sorted: equal before and after means nothing was written. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

forEachDatabase('bundle import refuses bad input', (database) => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, bad) => {
    const env = { FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir, ...bad.env };
    expect((await runCli(['bundle', 'import', SAMPLE_BUNDLE], { FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir })).code).toBe(0);
    const work = mkdtempSync(join(tmpdir(), 'flowdesk-bad-'));
    const sources = await bad.make(work);
    const rowsBefore = await tableCounts(database().db);
    const filesBefore = { work: listing(work), data: listing(database().dir), repo: readdirSync(REPO_ROOT).sort() };

    const run = await runCli(['--json', 'bundle', 'import', ...(bad.args?.(work) ?? []), ...sources], env);

    expect(run.code).toBe(2);
    const { error } = run.json<{ error: { code: string; message: string; details: Array<{ code: string }> } }>();
    expect(error.code).toBe(bad.code);
    expect(error.details.map((d) => d.code)).toContain(bad.code);
    expect(JSON.stringify(error)).toContain(bad.place);
    expect(await tableCounts(database().db)).toEqual(rowsBefore);
    expect({ work: listing(work), data: listing(database().dir), repo: readdirSync(REPO_ROOT).sort() }).toEqual(filesBefore);
  });
});
