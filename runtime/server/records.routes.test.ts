import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { readAudit } from '../../engine/index.js';
import { everyTableCount, expectRefused, hostileBodies, sendHostile } from '../../test/bad-input.js';
import type { ApiClient } from '../../test/api-app.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, startRecordApi, userIdOf, type RecordApi } from '../../test/record-api-fixture.js';

/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const LIMIT = 100_000;

function form(parts: Array<[string, string] | [string, Buffer, string]>): FormData {
  const data = new FormData();
  for (const part of parts) {
    if (part.length === 2) data.append(part[0], part[1]);
    else data.append(part[0], new Blob([part[1]], { type: 'text/html' }), part[2]);
  }
  return data;
}

/** Waits (up to 5 s, polling) until `isDone` holds. */
async function until(isDone: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !isDone(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(isDone()).toBe(true);
}

function storedFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];
}

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

/** The ids of every page of a list or search, following nextCursor (at most 50 pages). */
async function allPages(client: ApiClient, path: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const { body }: { body: Page } = await client.get(`${path}${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...body.items.map((item) => item.id));
    cursor = body.nextCursor;
    if (cursor === null) return ids;
  }
  throw new Error(`${path} did not end within 50 pages`);
}

forEachDatabase('the record API', (database) => {
  let api: RecordApi;
  let t: TestDatabase;
  beforeEach(async () => {
    t = database();
    api = await startRecordApi(t, { limits: { maxAttachmentBytes: LIMIT, exportRowCap: 5 } });
  });
  afterEach(async () => {
    await api.close();
  });

  it('lists the record types each caller has a grant on, with what the grants allow', async () => {
    const ann = await (await api.as('ann')).get('/record-types');
    expect(ann.status).toBe(200);
    expect(ann.body.types.map((type: { id: string; actions: string[] }) => [type.id, type.actions])).toEqual([
      ['notice', ['read']],
      ['request', ['read', 'create', 'comment']],
      ['ticket', ['read', 'create', 'comment', 'attach']],
    ]);
    expect(ann.body.types[2]).toMatchObject({ numberPrefix: 'TKT', indexed: ['priority'], listColumns: ['subject', 'priority'], states: expect.arrayContaining([{ id: 'new', titleKey: 'state.new' }]) });
    const sam = await (await api.as('sam')).get('/record-types');
    expect(sam.body.types.map((type: { id: string }) => type.id)).toEqual(['ticket']);
  });

  it('creates a record for the caller in their organization: 201, ETag, Location, a human number, an audit entry with the values', async () => {
    const ann = await api.as('ann');

    const created = await ann.post('/records/ticket', { fields: { subject: 'Printer on floor 3 is jammed', priority: 'high' } });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'ticket', number: 'TKT-000001', organizationId: ORGS.a, callerId: PERSONS.ann, createdBy: userIdOf(PERSONS.ann), teamId: null, assigneeId: null, state: 'new', title: 'Printer on floor 3 is jammed', version: 1 });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/records/ticket/${created.body.id}`);
    for (const key of [created.body.id, 'TKT-000001', 'tkt-000001']) {
      const read = await ann.get(`/records/ticket/${key}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expect(read.headers.get('etag')).toBe('"1"');
    }
    const [audit] = await readAudit(t.db.knex, 'record', created.body.id);
    expect(audit).toMatchObject({ actor: 'user-ann', action: 'record.create', details: { type: 'ticket', number: 'TKT-000001', after: { organizationId: ORGS.a, callerId: PERSONS.ann, fields: { subject: 'Printer on floor 3 is jammed', priority: 'high' } } } });
  });

  it('validates fields against the type’s schema and the caller’s writable fields, writing nothing when it refuses', async () => {
    const [ann, dora, mia] = [await api.as('ann'), await api.as('dora'), await api.as('mia')];
    const before = await everyTableCount(t.db);

    const missing = await ann.post('/records/ticket', { fields: { priority: 'high' } });
    const wrong = await dora.post('/records/ticket', { fields: { subject: 'x', priority: 'urgent', nonsense: 1 } });
    const notWritable = await ann.post('/records/ticket', { fields: { subject: 'x', resolution: 'fixed it myself' } });
    const noType = await ann.post('/records/no-such-type', { fields: { subject: 'x' } });
    const noGrant = await mia.post('/records/ticket', { fields: { subject: 'x' } });

    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'INPUT_INVALID', details: [{ pointer: '/fields/subject', message: expect.any(String) }] });
    expect(wrong.body.error.code).toBe('INPUT_INVALID');
    expect(wrong.body.error.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual(['/fields/nonsense']);
    const invalid = await dora.post('/records/ticket', { fields: { subject: 'x', priority: 'urgent' } });
    expect(invalid.body.error.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/fields/priority']);
    expect(notWritable.status).toBe(403);
    expect(notWritable.body.error).toMatchObject({ code: 'FORBIDDEN', details: [{ pointer: '/fields/resolution', message: expect.any(String) }] });
    expect(noType.body.error.code).toBe('RECORD_TYPE_NOT_FOUND');
    expect(noGrant.body.error.code).toBe('FORBIDDEN');
    expect(await everyTableCount(t.db)).toEqual(before);
  });

  it('refuses hostile bodies with their codes and writes nothing', async () => {
    const [ann, dora] = [await api.as('ann'), await api.as('dora')];
    const record = await api.seed('ann', 'ticket', { subject: 'Mine' });
    const before = await everyTableCount(t.db);
    const as = (client: ApiClient, extra: Record<string, string> = {}) => ({ cookie: `flowdesk_session=${client.sessionSecret}`, 'x-csrf-token': client.csrfToken!, ...extra });
    const targets: Array<[string, string, Record<string, unknown>, Record<string, string>]> = [
      ['POST', '/records/ticket', { organizationId: ORGS.a, fields: { subject: 'A printer' } }, as(ann)],
      ['POST', `/records/ticket/${record.id}/comments`, { body: 'Any news?', kind: 'reply' }, as(ann)],
      ['PATCH', `/records/ticket/${record.id}`, { state: 'assigned', fields: { priority: 'high' } }, as(dora, { 'if-match': '"1"' })],
    ];
    for (const [method, path, valid, headers] of targets) {
      for (const hostile of hostileBodies(valid)) {
        const response = await sendHostile(`${api.app.url}/api/v1${path}`, method, hostile, headers);
        await expectRefused(response, hostile.expected);
      }
    }
    const unknownQuery = await ann.get('/records/ticket?include=comments');
    expect(unknownQuery.body.error.code).toBe('INPUT_INVALID');
    expect(await everyTableCount(t.db)).toEqual(before);
  });

  it('changes a record only against its current version: If-Match required, a stale one is a conflict, the change audited and in the history', async () => {
    const dora = await api.as('dora');
    const record = await api.seed('ann', 'ticket', { subject: 'Screen flickers', priority: 'low' });

    const none = await dora.patch(`/records/ticket/${record.id}`, { fields: { priority: 'high' } });
    const changed = await dora.patch(`/records/ticket/${record.number}`, { fields: { priority: 'high' }, state: 'assigned' }, { headers: { 'if-match': '"1"' } });
    const stale = await dora.patch(`/records/ticket/${record.id}`, { fields: { priority: 'medium' } }, { headers: { 'if-match': '"1"' } });
    const byBody = await dora.patch(`/records/ticket/${record.id}`, { fields: { details: null, resolution: 'Replaced the cable' }, version: 2 });

    expect(none.status).toBe(428);
    expect(none.body.error.code).toBe('PRECONDITION_REQUIRED');
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, state: 'assigned', fields: { subject: 'Screen flickers', priority: 'high' } });
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('RECORD_VERSION_CONFLICT');
    expect(byBody.body).toMatchObject({ version: 3, fields: { resolution: 'Replaced the cable' } });
    const history = await dora.get(`/records/ticket/${record.id}/history`);
    expect(history.body.items.map((h: { kind: string; field: string | null; version: number }) => [h.version, h.kind, h.field])).toEqual([
      [1, 'created', null],
      [2, 'state', null],
      [2, 'field', 'priority'],
      [3, 'field', 'resolution'],
    ]);
    const updates = (await readAudit(t.db.knex, 'record', record.id)).filter((a) => a.action === 'record.update');
    expect(updates[0]).toMatchObject({ actor: 'user-dora', details: { version: { from: 1, to: 2 }, before: { state: 'new', fields: { priority: 'low' } }, after: { state: 'assigned', fields: { priority: 'high' } } } });
  });

  it("lets fields change directly only where the record's state allows, and says which in /record-types", async () => {
    const dora = await api.as('dora');
    const record = await api.seed('ann', 'ticket', { subject: 'Screen flickers', priority: 'low' });
    const resolved = await dora.patch(`/records/ticket/${record.id}`, { state: 'resolved' }, { headers: { 'if-match': '"1"' } });
    expect(resolved.body.state).toBe('resolved');
    const refused = await dora.patch(`/records/ticket/${record.id}`, { fields: { priority: 'high', resolution: 'Rebooted' } }, { headers: { 'if-match': '"2"' } });
    expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([403, 'FORBIDDEN', [{ pointer: '/fields/priority', message: 'not editable in state resolved' }]]);
    const allowed = await dora.patch(`/records/ticket/${record.id}`, { fields: { resolution: 'Rebooted' } }, { headers: { 'if-match': '"2"' } });
    expect(allowed.body).toMatchObject({ version: 3, fields: { priority: 'low', resolution: 'Rebooted' } });
    const types = (await dora.get('/record-types')).body.types as Array<{ id: string; states: Array<{ id: string; editable?: string[] }>; writableFields: string[] | null }>;
    const ticket = types.find((t) => t.id === 'ticket')!;
    expect(ticket.states.map((s) => [s.id, s.editable])).toEqual([['new', undefined], ['assigned', undefined], ['resolved', ['resolution']], ['closed', []]]);
    expect(ticket.writableFields).toBeNull();
    const ann = (await (await api.as('ann')).get('/record-types')).body.types as Array<{ id: string; writableFields: string[] | null }>;
    expect(ann.find((t) => t.id === 'ticket')!.writableFields).toEqual([]);
  });

  it('lets an agent assign within its reach only, and a portal user change nothing', async () => {
    const record = await api.seed('dora', 'ticket', { subject: 'VPN down' }, { organizationId: ORGS.a, callerId: PERSONS.ann, teamId: TEAMS.desk });
    const sam = await api.as('sam');
    const ann = await api.as('ann');
    const annRecord = await api.seed('ann', 'ticket', { subject: 'Mine' });

    const toMe = await sam.patch(`/records/ticket/${record.id}`, { assigneeId: userIdOf(PERSONS.sam) }, { headers: { 'if-match': '"1"' } });
    const toB = await sam.patch(`/records/ticket/${record.id}`, { teamId: TEAMS.bTeam }, { headers: { 'if-match': '"2"' } });
    const portal = await ann.patch(`/records/ticket/${annRecord.id}`, { fields: { subject: 'Changed' } }, { headers: { 'if-match': '"1"' } });

    expect(toMe.status).toBe(200);
    expect(toMe.body.assigneeId).toBe(userIdOf(PERSONS.sam));
    expect(toB.status).toBe(422);
    expect(toB.body.error.code).toBe('REFERENCE_OUT_OF_SCOPE');
    expect(portal.status).toBe(403);
    expect((await sam.get(`/records/ticket/${record.id}`)).body.version).toBe(2);
  });

  it('lists with filters on indexed fields and placement, every sort key, and cursor pages that add up to the count', async () => {
    const dora = await api.as('dora');
    for (const [i, priority] of ['low', 'high', 'medium', 'high', 'low', 'high', 'medium'].entries()) {
      await api.seed('dora', 'ticket', { subject: `Ticket ${i}`, priority }, { organizationId: i % 2 === 0 ? ORGS.a : ORGS.b, callerId: null, teamId: i < 3 ? TEAMS.desk : null });
    }

    const high = await dora.get('/records/ticket?field.priority=high&sort=number');
    const highOrLowInA = await dora.get('/records/ticket?field.priority=high&field.priority=low&organizationId=org-a&sort=-number');
    const unassignedTeam = await dora.get('/records/ticket?teamId=&sort=number');
    const byPriority = await dora.get('/records/ticket?sort=fields.priority&limit=200');
    const notIndexed = await dora.get('/records/ticket?field.subject=Ticket%201');

    expect(high.body.items.map((r: { title: string }) => r.title)).toEqual(['Ticket 1', 'Ticket 3', 'Ticket 5']);
    expect(highOrLowInA.body.items.map((r: { title: string }) => r.title)).toEqual(['Ticket 4', 'Ticket 0']);
    expect(unassignedTeam.body.items).toHaveLength(4);
    expect(byPriority.body.items.map((r: { fields: { priority: string } }) => r.fields.priority)).toEqual(['high', 'high', 'high', 'low', 'low', 'medium', 'medium']);
    expect(notIndexed.body.error.code).toBe('INPUT_INVALID');
    expect((await dora.get('/records/ticket/count?field.priority=high')).body).toEqual({ count: 3 });

    for (const sort of ['number', '-number', 'createdAt', '-updatedAt', 'state', 'fields.priority', '-fields.priority']) {
      const seen = await allPages(dora, `/records/ticket?sort=${sort}&limit=2`);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    }
    expect((await dora.get('/records/ticket/count')).body.count).toBe(7);
  });

  it('searches English and Chinese text, in one type or across the types the caller may read, with pages that add up', async () => {
    const dora = await api.as('dora');
    await api.seed('ann', 'ticket', { subject: '打印机卡纸了', details: 'The printer on floor 3' });
    await api.seed('ann', 'ticket', { subject: 'Printer toner is empty' });
    await api.seed('ann', 'request', { subject: '申请一台新打印机' });
    await api.seed('dora', 'notice', { text: '打印机维护通知 printer maintenance' });

    const chinese = await dora.get(`/search?q=${encodeURIComponent('打印机')}`);
    const english = await dora.get('/search?q=PRINTER&type=ticket');
    const both = await dora.get(`/search?q=${encodeURIComponent('打印机 printer')}`);

    expect(chinese.status).toBe(200);
    expect(chinese.body.items.map((r: { type: string }) => r.type).sort()).toEqual(['notice', 'request', 'ticket']);
    expect(english.body.items.map((r: { title: string }) => r.title)).toEqual(['Printer toner is empty', '打印机卡纸了']);
    expect(both.body.items.map((r: { type: string }) => r.type).sort()).toEqual(['notice', 'ticket']);

    const seen = await allPages(dora, `/search?q=${encodeURIComponent('打印机')}&limit=1`);
    expect(seen).toEqual(chinese.body.items.map((r: { id: string }) => r.id));
  });

  it('keeps work notes from those without the work-note grant, and lets each kind of comment only with its grant', async () => {
    const ann = await api.as('ann');
    const dora = await api.as('dora');
    const record = await api.seed('ann', 'ticket', { subject: 'Laptop will not boot' });

    const reply = await ann.post(`/records/ticket/${record.id}/comments`, { kind: 'reply', body: 'It beeps three times.' });
    const note = await dora.post(`/records/ticket/${record.id}/comments`, { kind: 'work-note', body: 'Probably the RAM; caller is impatient.' });
    const annNote = await ann.post(`/records/ticket/${record.id}/comments`, { kind: 'work-note', body: 'Let me in' });

    expect(reply.status).toBe(201);
    expect(note.status).toBe(201);
    expect(annNote.status).toBe(403);
    expect((await ann.get(`/records/ticket/${record.id}/comments`)).body.items.map((c: { kind: string }) => c.kind)).toEqual(['reply']);
    expect((await dora.get(`/records/ticket/${record.id}/comments`)).body.items.map((c: { kind: string }) => c.kind)).toEqual(['reply', 'work-note']);
    expect((await readAudit(t.db.knex, 'record', record.id)).filter((a) => a.action === 'record.comment').map((a) => [a.actor, a.details])).toEqual([
      ['user-ann', expect.objectContaining({ after: { kind: 'reply', body: 'It beeps three times.' } })],
      ['user-dora', expect.objectContaining({ after: { kind: 'work-note', body: 'Probably the RAM; caller is impatient.' } })],
    ]);
  });

  it('keeps only the allowed markup of HTML fields, on create and on change', async () => {
    const dora = await api.as('dora');
    const made = await dora.post('/records/ticket', { fields: { subject: 'Markup', resolution: '<p onclick="x()">Fixed <script>alert(1)</script><a href="javascript:alert(1)">here</a></p>' } });
    expect(made.body.fields.resolution).toBe('<p>Fixed <a rel="noopener">here</a></p>');
    const changed = await dora.patch(`/records/ticket/${made.body.id}`, { fields: { resolution: '<img src=x onerror=alert(1)><b>Done</b>' }, version: 1 });
    expect(changed.body.fields.resolution).toBe('<b>Done</b>');
  });

  it('attaches a file to a reply when the reply is named before the file', async () => {
    const ann = await api.as('ann');
    const record = await api.seed('ann', 'ticket', { subject: 'Broken screen' });
    const reply = await ann.post(`/records/ticket/${record.id}/comments`, { kind: 'reply', body: 'Photo attached.' });
    const upload = await ann.raw('POST', `/records/ticket/${record.id}/attachments`, { body: form([['commentId', reply.body.id], ['file', PNG, 'screen.png']]) });
    expect([upload.status, ((await upload.json()) as { commentId: string }).commentId]).toEqual([201, reply.body.id]);
  });

  it('stores an upload under its sniffed type and serves it back only as a download', async () => {
    const ann = await api.as('ann');
    const record = await api.seed('ann', 'ticket', { subject: 'Broken screen' });

    const upload = await ann.raw('POST', `/records/ticket/${record.id}/attachments`, { body: form([['file', PNG, '../../屏幕 photo;.png']]) });
    const created = (await upload.json()) as { id: string; mediaType: string; fileName: string; size: number };
    const list = await ann.get(`/records/ticket/${record.id}/attachments`);
    const download = await ann.raw('GET', `/records/ticket/${record.number}/attachments/${created.id}`);

    expect(upload.status).toBe(201);
    expect(created).toMatchObject({ mediaType: 'image/png', fileName: '屏幕 photo;.png', size: PNG.length });
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([created.id]);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="__ photo;.png"; filename*=UTF-8''${encodeURIComponent('屏幕 photo;.png')}`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    expect((await readAudit(t.db.knex, 'record', record.id)).find((a) => a.action === 'record.attach')).toMatchObject({ actor: 'user-ann', details: { after: { fileName: '屏幕 photo;.png', mediaType: 'image/png', declaredType: 'text/html' } } });
  });

  it('refuses markup, oversize files, a second file and fields after the file, leaving no row and no file behind', async () => {
    const ann = await api.as('ann');
    const record = await api.seed('ann', 'ticket', { subject: 'Broken screen' });
    const before = await everyTableCount(t.db);
    const path = `/records/ticket/${record.id}/attachments`;

    const markup = await ann.raw('POST', path, { body: form([['file', Buffer.from('<html><script>alert(1)</script></html>'), 'page.txt']]) });
    const tooLarge = await ann.raw('POST', path, { body: form([['file', Buffer.alloc(LIMIT + 1, 0x61), 'big.txt']]) });
    const farTooLarge = await ann.raw('POST', path, { body: form([['file', Buffer.alloc(LIMIT * 3, 0x61), 'huge.txt']]) });
    const twoFiles = await ann.raw('POST', path, { body: form([['file', PNG, 'a.png'], ['file', PNG, 'b.png']]) });
    const fieldAfter = await ann.raw('POST', path, { body: form([['file', PNG, 'a.png'], ['commentId', 'x']]) });
    const noFile = await ann.raw('POST', path, { body: form([['commentId', 'x']]) });
    const json = await ann.post(path, { file: 'data' });

    await expectRefused(markup, 'ATTACHMENT_REFUSED');
    await expectRefused(tooLarge, 'PAYLOAD_TOO_LARGE');
    await expectRefused(farTooLarge, 'PAYLOAD_TOO_LARGE');
    await expectRefused(twoFiles, 'INPUT_INVALID');
    await expectRefused(fieldAfter, 'INPUT_INVALID');
    await expectRefused(noFile, 'INPUT_INVALID');
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await everyTableCount(t.db)).toEqual(before);
    expect(storedFiles(api.attachmentsDir)).toEqual([]);
  });

  it('removes what it stored of an upload whose client went away before it was complete', async () => {
    const ann = await api.as('ann');
    const record = await api.seed('ann', 'ticket', { subject: 'Broken screen' });
    const before = await everyTableCount(t.db);
    const { port } = new URL(api.app.url);
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/v1/records/ticket/${record.id}/attachments`,
      headers: { cookie: `flowdesk_session=${ann.sessionSecret}`, 'x-csrf-token': ann.csrfToken!, 'content-type': 'multipart/form-data; boundary=XYZ', 'content-length': String(LIMIT) },
    });
    request.on('error', () => undefined);
    request.write('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="log.txt"\r\nContent-Type: text/plain\r\n\r\n');
    request.write(Buffer.alloc(70_000, 0x61));

    await until(() => storedFiles(api.attachmentsDir).some((name) => name.endsWith('.part')));
    request.destroy();
    await until(() => storedFiles(api.attachmentsDir).length === 0);

    expect(await everyTableCount(t.db)).toEqual(before);
  });

  it('lets a person watch a record they can read, and only the assign grant add someone else', async () => {
    const ann = await api.as('ann');
    const dora = await api.as('dora');
    const record = await api.seed('ann', 'ticket', { subject: 'Mouse lost' });
    const path = `/records/ticket/${record.id}/watchers`;

    const first = await ann.put(`${path}/me`);
    const again = await ann.put(`${path}/${PERSONS.ann}`);
    const other = await ann.put(`${path}/${PERSONS.amy}`);
    const byDesk = await dora.put(`${path}/${PERSONS.amy}`);
    const listed = await ann.get(path);
    const stopped = await ann.delete(`${path}/me`);

    expect([first.body, again.body]).toEqual([{ personId: PERSONS.ann, isAdded: true }, { personId: PERSONS.ann, isAdded: false }]);
    expect(other.status).toBe(403);
    expect(byDesk.body).toEqual({ personId: PERSONS.amy, isAdded: true });
    expect(listed.body.items.map((w: { personId: string }) => w.personId).sort()).toEqual([PERSONS.amy, PERSONS.ann]);
    expect(stopped.status).toBe(204);
    expect((await dora.get(path)).body.items.map((w: { personId: string }) => w.personId)).toEqual([PERSONS.amy]);
    expect((await readAudit(t.db.knex, 'record', record.id)).filter((a) => a.action.startsWith('record.') && a.action.includes('watch')).map((a) => [a.actor, a.action])).toEqual([
      ['user-ann', 'record.watch'],
      ['user-dora', 'record.watch'],
      ['user-ann', 'record.unwatch'],
    ]);
  });

  it('exports as CSV for Excel with formulas defused, up to the row cap', async () => {
    const dora = await api.as('dora');
    const hostile = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1)', 'Quote "me", =please', '\tTab'];
    for (const subject of hostile) await api.seed('ann', 'ticket', { subject });

    const response = await dora.raw('GET', '/records/ticket/export.csv?sort=number');
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ticket-2026-03-02.csv"');
    expect(response.headers.get('x-flowdesk-export-truncated')).toBe('true');
    expect(text.startsWith('\ufeffnumber,state,title,organizationId,callerId,teamId,assigneeId,createdBy,createdAt,updatedAt,fields.subject,')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(7); // the header, five rows (the cap), and the empty tail
    expect(lines.slice(1, 6).map((line) => line.slice(0, line.indexOf(',org-a,')))).toEqual([
      "TKT-000001,new,'=cmd|' /C calc'!A0",
      "TKT-000002,new,'+1+1",
      "TKT-000003,new,'-2+3",
      "TKT-000004,new,'@SUM(A1)",
      'TKT-000005,new,"Quote ""me"", =please"',
    ]);
    expect(lines[1]).toMatch(/,'=cmd\|' \/C calc'!A0,,,$/);
    expect((await (await api.as('ann')).get('/records/ticket/export.csv')).body.error.code).toBe('FORBIDDEN');
  });

  it('checks every reference inside the fields: persons, organizations, users, teams and records the caller may use', async () => {
    const ann = await api.as('ann');
    const own = await api.seed('ann', 'ticket', { subject: 'Mine' });

    const created = await ann.post('/records/request', { fields: { subject: 'Access for my colleague', affectedPerson: PERSONS.ann, site: ORGS.a, relatedTickets: [own.id, own.number] } });
    const byDesk = await (await api.as('dora')).post('/records/request', { organizationId: ORGS.b, callerId: PERSONS.bob, fields: { subject: 'For bob', affectedPerson: PERSONS.bob, expert: userIdOf(PERSONS.sam), handlingTeam: TEAMS.desk, relatedTickets: [own.id] } });

    expect(created.status).toBe(201);
    expect(created.body.fields.relatedTickets).toEqual([own.id, own.number]);
    expect(byDesk.status).toBe(201);
    expect(byDesk.body).toMatchObject({ organizationId: ORGS.b, callerId: PERSONS.bob });
  });
});
