import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { refusal } from '../../test/refusal.js';
import { readAudit } from '../audit/audit-log.js';
import { createBundleRegistry } from '../bundle/bundle-registry.js';
import { createSchemaValidator } from '../bundle/schema-validator.js';
import { createManualClock } from '../time/clock.js';
import { createFileAttachmentStorage, createRecordStore, createRecordTypes, type RecordScope } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'records', 'fixtures', 'records-bundle');
const ALL: RecordScope = { kind: 'all' };
const SAM = userIdOf(PERSONS.sam);
const LIMIT = 100_000;
/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const UUID_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function setUp(t: TestDatabase) {
  const { types, store, attachmentsDir: dir } = await recordsFixture(t, BUNDLE, new Date('2026-03-02T08:00:00.000Z'), { limits: { maxAttachmentBytes: LIMIT } });
  const record = await store.create({ type: await types.get('ticket'), organizationId: ORGS.a, callerId: PERSONS.ann, actor: userIdOf(PERSONS.ann), fields: { subject: 'Screen flickers', category: 'hardware' } });
  const files = () => (!existsSync(dir) ? [] : readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name));
  const attachmentRows = async () => Number(((await t.db.knex('record_attachments').count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  return { store, record, dir, files, attachmentRows };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream of `count` chunks of `size` bytes, starting with `head`, that says how many chunks were read from it. */
function chunked(head: Buffer, size: number, count: number): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  async function* chunks() {
    for (let i = 0; i < count; i++) {
      pulled++;
      const chunk = Buffer.alloc(size, 0x61);
      if (i === 0) head.copy(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks()), pulled: () => pulled };
}

forEachDatabase('record attachments', (database) => {
  it('stores the sniffed type over the declared one, and serves back exactly the bytes it took', async () => {
    const t = database();
    const { store, record, files } = await setUp(t);
    const big = chunked(PNG, 8192, 12);
    const expected = await bytesOf(chunked(PNG, 8192, 12).stream);

    const image = await store.addAttachment(record.id, { fileName: 'screen.txt', content: big.stream, declaredType: 'text/html' }, ALL, SAM);

    expect(image).toMatchObject({ fileName: 'screen.txt', mediaType: 'image/png', size: expected.length, sha256: createHash('sha256').update(expected).digest('hex'), createdBy: SAM });
    const opened = await store.openAttachment(record.number, image.id, ALL, { includeWorkNotes: false });
    expect(opened).toMatchObject({ fileName: 'screen.txt', mediaType: 'image/png', size: expected.length });
    expect((await bytesOf(opened.stream)).equals(expected)).toBe(true);
    expect(files()).toEqual([expect.stringMatching(UUID_FILE)]);
    const audit = (await readAudit(t.db.knex, 'record', record.id)).find((a) => a.action === 'record.attach');
    expect(audit?.details).toMatchObject({ after: { mediaType: 'image/png', declaredType: 'text/html', fileName: 'screen.txt' } });
  });

  it('takes text without a signature as text/plain, in UTF-8 and in GBK', async () => {
    const { store, record } = await setUp(database());
    const utf8 = Buffer.from('打印机日志\nerror=0x0000 at 08:00\n', 'utf8');
    const gbk = iconv.encode('中文日志：打印机卡纸', 'gbk');

    const first = await store.addAttachment(record.id, { fileName: 'log.txt', content: utf8 }, ALL, SAM);
    const second = await store.addAttachment(record.id, { fileName: 'log-gbk.csv', content: Readable.from([gbk]), declaredType: 'application/pdf' }, ALL, SAM);

    expect([first.mediaType, second.mediaType]).toEqual(['text/plain', 'text/plain']);
    expect((await bytesOf((await store.openAttachment(record.id, second.id, ALL, { includeWorkNotes: false })).stream)).equals(gbk)).toBe(true);
    expect((await store.listAttachments(record.id, ALL, { includeWorkNotes: false })).map((a) => a.fileName)).toEqual(['log.txt', 'log-gbk.csv']);
  });

  it('refuses markup, executables, unknown binary content, empty files and names a desktop would run, storing nothing', async () => {
    const { store, record, files, attachmentRows } = await setUp(database());
    const refused: Array<[string, Buffer]> = [
      ['page.png', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>')],
      ['notes.txt', Buffer.from('\n   <script>alert(1)</script>')],
      ['logo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['data.txt', Buffer.from('<?xml version="1.0"?><svg/>')],
      ['wide.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<html><body>hi</body></html>', 'utf16le')])],
      ['tool.txt', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)])],
      ['tool.bin', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(200, 0)])],
      ['blob.dat', Buffer.from([0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0xfe, 0xff])],
      ['empty.txt', Buffer.alloc(0)],
      ['run.exe', PNG],
      ['invoice\u202egnp.exe', PNG],
      ['report.pdf.js', PNG],
      ['page.HTML', Buffer.from('hello')],
      ['icon.svg', Buffer.from('hello')],
    ];

    for (const [fileName, content] of refused) {
      const error = await refusal(store.addAttachment(record.id, { fileName, content, declaredType: 'image/png' }, ALL, SAM));
      expect({ fileName, code: error.code }).toEqual({ fileName, code: 'ATTACHMENT_REFUSED' });
    }
    expect(files()).toEqual([]);
    expect(await attachmentRows()).toBe(0);
  });

  it('stops an upload at the size limit while it streams, leaving nothing on disk', async () => {
    const { store, record, files, attachmentRows } = await setUp(database());
    const huge = chunked(PNG, 16 * 1024, 1000);

    await expect(store.addAttachment(record.id, { fileName: 'huge.png', content: huge.stream }, ALL, SAM)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    await expect(store.addAttachment(record.id, { fileName: 'huge.png', content: Buffer.concat([PNG, Buffer.alloc(LIMIT)]) }, ALL, SAM)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const justOver = chunked(PNG, LIMIT / 4, 5);
    await expect(store.addAttachment(record.id, { fileName: 'over.png', content: justOver.stream }, ALL, SAM)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    expect(huge.pulled()).toBeLessThan(10);
    expect(files()).toEqual([]);
    expect(await attachmentRows()).toBe(0);
    const exact = await store.addAttachment(record.id, { fileName: 'exact.png', content: chunked(PNG, LIMIT / 4, 4).stream }, ALL, SAM);
    expect(exact.size).toBe(LIMIT);
  });

  it('removes the stored bytes again when the row cannot be written', async () => {
    const t = database();
    const { record, dir, files, attachmentRows } = await setUp(t);
    const storage = createFileAttachmentStorage(dir);
    const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
    const types = createRecordTypes(createBundleRegistry({ db: t.db, clock, schemas: createSchemaValidator() }));
    // The record leaves the caller's scope while its upload streams: the write must find it gone.
    const moving = { ...storage, put: async (key: string, content: Readable) => {
      const blob = await storage.put(key, content);
      await t.db.knex('records').where({ id: record.id }).update({ organization_id: ORGS.b });
      return blob;
    } };
    const store = createRecordStore({ db: t.db, clock, types, attachments: moving });
    const orgA: RecordScope = { kind: 'some', terms: [{ organizationIds: [ORGS.a] }] };

    await expect(store.addAttachment(record.id, { fileName: 'late.png', content: PNG }, orgA, SAM)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });

    expect(files()).toEqual([]);
    expect(await attachmentRows()).toBe(0);
  });

  it('keeps client file names for display only: no path, no control or direction characters', async () => {
    const { store, record, files } = await setUp(database());
    const names: Array<[string, string]> = [
      ['../../etc/passwd\u0000.png', 'passwd.png'],
      ['C:\\Users\\ann\\Desktop\\截图 2026.png', '截图 2026.png'],
      ['..', 'attachment'],
      ['/', 'attachment'],
      ['.htaccess.png', 'htaccess.png'],
      ['a"b<c>|d?.png', 'abcd.png'],
      [`${'长'.repeat(300)}.png`, `${'长'.repeat(196)}.png`],
    ];

    for (const [given, shown] of names) {
      const stored = await store.addAttachment(record.id, { fileName: given, content: PNG }, ALL, SAM);
      expect({ given, fileName: stored.fileName }).toEqual({ given, fileName: shown });
    }
    expect(files().every((name) => UUID_FILE.test(name))).toBe(true);
    expect(files()).toHaveLength(names.length);
    await expect(createFileAttachmentStorage(database().dir).put('../../escape', Readable.from([PNG]))).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(createFileAttachmentStorage(database().dir).open('../flowdesk.sqlite')).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('shows files attached to a work note only to those who may read work notes', async () => {
    const { store, record } = await setUp(database());
    const note = await store.addComment(record.id, { kind: 'work-note', body: 'Vendor diagnostic attached' }, ALL, SAM);
    const reply = await store.addComment(record.id, { kind: 'reply', body: 'Screenshot of the fix' }, ALL, SAM);
    const internal = await store.addAttachment(record.id, { fileName: 'diag.txt', content: Buffer.from('internal'), commentId: note.id }, ALL, SAM);
    const shared = await store.addAttachment(record.id, { fileName: 'fix.png', content: PNG, commentId: reply.id }, ALL, SAM);

    expect((await store.listAttachments(record.id, ALL, { includeWorkNotes: false })).map((a) => a.id)).toEqual([shared.id]);
    expect((await store.listAttachments(record.id, ALL, { includeWorkNotes: true })).map((a) => a.id)).toEqual([internal.id, shared.id]);
    await expect(store.openAttachment(record.id, internal.id, ALL, { includeWorkNotes: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.openAttachment(record.id, internal.id, ALL, { includeWorkNotes: true })).mediaType).toBe('text/plain');
    await expect(store.addAttachment(record.id, { fileName: 'x.png', content: PNG, commentId: 'not-a-comment' }, ALL, SAM)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
