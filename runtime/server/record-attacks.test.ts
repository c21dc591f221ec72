/**
 * The attacks of REFERENCE.md's table that reach records, each over HTTP with real logins: a
 * portal user of customer A against customer B's records (iTop CVE-2023-45808, CVE-2026-108717),
 * aggregates that skip the view check (GLPI CVE-2026-108726), SQL and full-text operators in
 * searches and filters, markup and formulas in what users write, secrets and data in answers and
 * errors. Every refusal is checked to have written nothing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readAudit, type RecordScope, type RecordView } from '../../engine/index.js';
import { apiClient, type ApiClient } from '../../test/api-app.js';
import { everyTableCount, HOSTILE_SEARCH_STRINGS } from '../../test/bad-input.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, startRecordApi, userIdOf, type Login, type RecordApi } from '../../test/record-api-fixture.js';

const ALL: RecordScope = { kind: 'all' };
/** A well-formed id no record has. */
const NO_SUCH_ID = '01900000-0000-7000-8000-000000000000';
const SECRET_WORD = 'zebracorn';

interface World {
  ann: RecordView;
  ann2: RecordView;
  amy: RecordView;
  bob: RecordView;
  bobDesk: RecordView;
  bobLocal: RecordView;
  bobRequest: RecordView;
  attachmentId: string;
  noteId: string;
  noteAttachmentId: string;
}

/** Tickets of A (ann ×2), A-East (amy) and B (bob; one with the desk team, one with B's own team), and B's reply, work note, attachments and watcher. */
async function seedWorld(api: RecordApi): Promise<World> {
  const ann = await api.seed('ann', 'ticket', { subject: 'Ann: printer jammed', priority: 'high' });
  const ann2 = await api.seed('ann', 'ticket', { subject: 'Ann: needs a monitor', priority: 'low' });
  const amy = await api.seed('amy', 'ticket', { subject: 'Amy: east office wifi', priority: 'high' });
  const bob = await api.seed('bob', 'ticket', { subject: `Bob: ${SECRET_WORD} payroll 斑马独角兽薪资`, details: 'B only', priority: 'high' });
  const bobDesk = await api.seed('dora', 'ticket', { subject: 'Bob: escalated to the desk' }, { organizationId: ORGS.b, callerId: PERSONS.bob, teamId: TEAMS.desk });
  const bobLocal = await api.seed('dora', 'ticket', { subject: 'Bob: for B local IT' }, { organizationId: ORGS.b, callerId: PERSONS.bob, teamId: TEAMS.bTeam });
  const bobRequest = await api.seed('bob', 'request', { subject: `Bob: ${SECRET_WORD} request` });
  await api.store.addComment(bob.id, { kind: 'reply', body: `Bob: ${SECRET_WORD} reply` }, ALL, 'user-bob');
  const note = await api.store.addComment(bob.id, { kind: 'work-note', body: `internal ${SECRET_WORD} note` }, ALL, 'user-dora');
  const attachment = await api.store.addAttachment(bob.id, { fileName: 'payslip.txt', content: Buffer.from(`${SECRET_WORD} salary`) }, ALL, 'user-bob');
  const noteAttachment = await api.store.addAttachment(bob.id, { fileName: 'note.txt', content: Buffer.from('internal'), commentId: note.id }, ALL, 'user-dora');
  await api.store.watch(bob.id, PERSONS.bob, ALL, 'user-bob');
  return { ann, ann2, amy, bob, bobDesk, bobLocal, bobRequest, attachmentId: attachment.id, noteId: note.id, noteAttachmentId: noteAttachment.id };
}

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

async function allPages(client: ApiClient, path: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const { status, body }: { status: number; body: Page } = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    if (status !== 200) throw new Error(`${path}: ${status} ${JSON.stringify(body)}`);
    ids.push(...body.items.map((item) => item.id));
    cursor = body.nextCursor;
    if (cursor === null) return ids;
  }
  throw new Error(`${path} did not end within 50 pages`);
}

const idsOf = (body: Page) => body.items.map((item) => item.id).sort();
const sorted = (...records: RecordView[]) => records.map((r) => r.id).sort();

function storedFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort() : [];
}

forEachDatabase('record attacks over HTTP', (database) => {
  let api: RecordApi;
  let t: TestDatabase;
  let world: World;
  beforeEach(async () => {
    t = database();
    api = await startRecordApi(t);
    world = await seedWorld(api);
  });
  afterEach(async () => {
    await api.close();
  });

  /** Answers of every read of one record through `typeId`'s endpoints. */
  async function readsOf(client: ApiClient, typeId: string, key: string) {
    const base = `/records/${typeId}/${key}`;
    return Promise.all([base, `${base}/history`, `${base}/comments`, `${base}/attachments`, `${base}/attachments/${world.attachmentId}`, `${base}/watchers`].map((path) => client.get(path)));
  }

  it('answers a portal user of A that B’s record does not exist, by id or number, for the record and all that hangs off it', async () => {
    const ann = await api.as('ann');
    const nothing = await ann.get(`/records/ticket/${NO_SUCH_ID}`);

    const answers = [
      ...(await readsOf(ann, 'ticket', world.bob.id)),
      ...(await readsOf(ann, 'ticket', world.bob.number)),
      ...(await readsOf(ann, 'ticket', world.bob.number.toLowerCase())),
      ...(await readsOf(ann, 'request', world.bobRequest.id)),
    ];

    expect(nothing.status).toBe(404);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toEqual(nothing.body.error);
    }
    expect(JSON.stringify(answers.map((a) => a.body))).not.toMatch(new RegExp(`${SECRET_WORD}|${world.bob.id}|B only`));
  });

  it('never reaches a record of one type through the endpoints of another type whose grant is wider', async () => {
    // Every portal user may read every notice: that scope must not carry over to tickets.
    const ann = await api.as('ann');
    const answers = [...(await readsOf(ann, 'notice', world.bob.id)), ...(await readsOf(ann, 'notice', world.bob.number)), await ann.put(`/records/notice/${world.bob.id}/watchers/me`)];

    for (const answer of answers) expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 404, code: 'RECORD_NOT_FOUND' });
    expect(await api.store.listWatchers(world.bob.id, ALL)).toEqual([expect.objectContaining({ personId: PERSONS.bob })]);
  });

  it('keeps lists, filters, every sort key and counts inside the scope, and knows no include or expand', async () => {
    const ann = await api.as('ann');
    const own = sorted(world.ann, world.ann2);

    expect(await allPages(ann, '/records/ticket')).toHaveLength(2);
    for (const filter of ['organizationId=org-b', 'callerId=person-bob', 'createdBy=user-bob', `teamId=${TEAMS.desk}`, `organizationId=org-b&organizationId=org-a-east`]) {
      expect({ filter, ids: idsOf((await ann.get(`/records/ticket?${filter}`)).body) }).toEqual({ filter, ids: [] });
      expect((await ann.get(`/records/ticket/count?${filter}`)).body).toEqual({ count: 0 });
    }
    expect(idsOf((await ann.get('/records/ticket?field.priority=high')).body)).toEqual([world.ann.id]);
    expect((await ann.get('/records/ticket/count?field.priority=high')).body).toEqual({ count: 1 });
    for (const sort of ['number', '-number', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'state', '-state', 'fields.priority', '-fields.priority']) {
      expect({ sort, ids: (await allPages(ann, `/records/ticket?sort=${sort}`)).sort() }).toEqual({ sort, ids: own });
    }
    expect(idsOf((await ann.get('/records/request')).body)).toEqual([]);
    for (const extra of ['include=comments', 'expand=organization', 'fields=subject', 'scope=all', 'organization_id=org-b']) {
      expect((await ann.get(`/records/ticket?${extra}`)).body.error.code).toBe('INPUT_INVALID');
    }
  });

  it('treats a cursor as a position, never a permission: replayed from an administrator, from B, or forged, it pages only the caller’s records', async () => {
    const ann = await api.as('ann');
    const rootPage = (await (await api.as('root')).get('/records/ticket?sort=number&limit=1')).body as Page;
    const bobPage = (await (await api.as('bob')).get('/records/ticket?sort=number&limit=1')).body as Page;
    const forged = Buffer.from(JSON.stringify({ k: 'number', v: 0, i: world.bob.id }), 'utf8').toString('base64url');

    expect(rootPage.items[0]!.id).toBe(world.ann.id);
    expect(idsOf((await ann.get(`/records/ticket?sort=number&cursor=${rootPage.nextCursor}`)).body)).toEqual([world.ann2.id]);
    expect(bobPage.items[0]!.id).toBe(world.bob.id);
    expect(idsOf((await ann.get(`/records/ticket?sort=number&cursor=${bobPage.nextCursor}`)).body)).toEqual([]);
    expect(idsOf((await ann.get(`/records/ticket?sort=number&cursor=${forged}`)).body)).toEqual(sorted(world.ann, world.ann2));
    expect((await ann.get(`/records/ticket?sort=-number&cursor=${rootPage.nextCursor}`)).body.error.code).toBe('INPUT_INVALID');
    const searchCursor = (await (await api.as('root')).get('/search?q=Bob&limit=1')).body.nextCursor as string;
    expect(idsOf((await (await api.as('amy')).get(`/search?q=Bob&cursor=${searchCursor}`)).body)).toEqual([]);
  });

  it('finds nothing of B for A in search, by English or Chinese words, in one type or all, and never searches a type without a read grant', async () => {
    const [ann, bob, sam] = [await api.as('ann'), await api.as('bob'), await api.as('sam')];

    for (const q of [SECRET_WORD, '斑马独角兽', 'payroll', 'Bob']) {
      for (const type of ['', '&type=ticket', '&type=request']) expect({ q, type, ids: idsOf((await ann.get(`/search?q=${encodeURIComponent(q)}${type}`)).body) }).toEqual({ q, type, ids: [] });
    }
    expect(idsOf((await bob.get(`/search?q=${SECRET_WORD}`)).body)).toEqual(sorted(world.bob, world.bobRequest));
    expect(idsOf((await bob.get(`/search?q=${encodeURIComponent('斑马独角兽')}&type=ticket`)).body)).toEqual([world.bob.id]);
    expect(idsOf((await sam.get('/search?q=Bob')).body)).toEqual([world.bobDesk.id]);
    expect((await sam.get('/search?q=Bob&type=request')).body.error.code).toBe('FORBIDDEN');
  });

  it('counts exactly what the list shows, for every user and filter', async () => {
    const logins: Login[] = ['ann', 'amy', 'bob', 'sam', 'mia', 'dora', 'root'];
    for (const login of logins) {
      const client = await api.as(login);
      for (const filter of ['', 'field.priority=high', 'organizationId=org-b', 'state=new', `teamId=${TEAMS.desk}`, 'teamId=']) {
        const listed = await allPages(client, `/records/ticket${filter ? `?${filter}` : ''}`);
        const { body } = await client.get(`/records/ticket/count${filter ? `?${filter}` : ''}`);
        expect({ login, filter, count: body.count }).toEqual({ login, filter, count: listed.length });
      }
    }
  });

  it('shows an agent its team’s queue and nothing else', async () => {
    const sam = await api.as('sam');

    expect(await allPages(sam, '/records/ticket')).toEqual([world.bobDesk.id]);
    expect((await sam.get('/records/ticket/count')).body).toEqual({ count: 1 });
    for (const record of [world.ann, world.bob, world.bobLocal]) expect((await sam.get(`/records/ticket/${record.id}`)).status).toBe(404);
    expect((await sam.patch(`/records/ticket/${world.bobLocal.id}`, { state: 'assigned' }, { headers: { 'if-match': '"1"' } })).status).toBe(404);
    expect((await sam.get('/records/request')).body.error.code).toBe('FORBIDDEN');
  });

  it('shows a customer manager of A the records of A and A-East, and none of B; exports the same', async () => {
    const mia = await api.as('mia');

    expect((await allPages(mia, '/records/ticket')).sort()).toEqual(sorted(world.ann, world.ann2, world.amy));
    expect((await mia.get('/records/ticket/count')).body).toEqual({ count: 3 });
    expect((await mia.get('/records/ticket/count?organizationId=org-b')).body).toEqual({ count: 0 });
    expect((await mia.get(`/records/ticket/${world.bob.id}`)).status).toBe(404);
    const csv = await (await mia.raw('GET', '/records/ticket/export.csv')).text();
    expect(csv.split('\r\n').slice(1, -1).map((line) => line.split(',')[0]).sort()).toEqual([world.ann.number, world.ann2.number, world.amy.number].sort());
    expect(csv).not.toContain(SECRET_WORD);
    expect((await (await api.as('ann')).get('/records/ticket/export.csv')).body.error.code).toBe('FORBIDDEN');
  });

  it('lets no write reach B’s record: comments, uploads, watching, changes, reassignment', async () => {
    const [ann, sam] = [await api.as('ann'), await api.as('sam')];
    const before = await everyTableCount(t.db);
    const filesBefore = storedFiles(api.attachmentsDir);
    const upload = new FormData();
    upload.append('file', new Blob([Buffer.from('hello')]), 'hello.txt');

    const answers = {
      comment: await ann.post(`/records/ticket/${world.bob.id}/comments`, { kind: 'reply', body: 'hi from A' }),
      upload: await ann.raw('POST', `/records/ticket/${world.bob.id}/attachments`, { body: upload }),
      watch: await ann.put(`/records/ticket/${world.bob.id}/watchers/me`),
      commentByNumber: await ann.post(`/records/ticket/${world.bob.number}/comments`, { kind: 'reply', body: 'hi from A' }),
      agentComment: await sam.post(`/records/ticket/${world.bobLocal.id}/comments`, { kind: 'reply', body: 'hi from the desk' }),
      agentChange: await sam.patch(`/records/ticket/${world.bobLocal.id}`, { fields: { subject: 'mine now' } }, { headers: { 'if-match': '"1"' } }),
      agentHandOff: await sam.patch(`/records/ticket/${world.bobDesk.id}`, { teamId: TEAMS.bTeam }, { headers: { 'if-match': '"1"' } }),
      agentAssignB: await sam.patch(`/records/ticket/${world.bobDesk.id}`, { assigneeId: userIdOf(PERSONS.bob) }, { headers: { 'if-match': '"1"' } }),
    };
    // No update or assign grant at all: FORBIDDEN whatever the record, so the answer tells nothing about it.
    const change = await ann.patch(`/records/ticket/${world.bob.id}`, { fields: { subject: 'hacked' } }, { headers: { 'if-match': '"1"' } });
    const changeNothing = await ann.patch(`/records/ticket/${NO_SUCH_ID}`, { fields: { subject: 'hacked' } }, { headers: { 'if-match': '"1"' } });
    const unwatchBob = await ann.delete(`/records/ticket/${world.bob.id}/watchers/${PERSONS.bob}`);
    const unwatchNothing = await ann.delete(`/records/ticket/${NO_SUCH_ID}/watchers/${PERSONS.bob}`);

    expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status]))).toEqual({
      comment: 404,
      upload: 404,
      watch: 404,
      commentByNumber: 404,
      agentComment: 404,
      agentChange: 404,
      agentHandOff: 422,
      agentAssignB: 422,
    });
    expect([change, changeNothing, unwatchBob, unwatchNothing].map((answer) => answer.body.error.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(change.body.error).toEqual(changeNothing.body.error);
    expect(unwatchBob.body.error).toEqual(unwatchNothing.body.error);
    expect(await everyTableCount(t.db)).toEqual(before);
    expect(storedFiles(api.attachmentsDir)).toEqual(filesBefore);
  });

  it('refuses to create a record with any reference outside the caller’s reach — placement or inside the fields — and writes nothing', async () => {
    const ann = await api.as('ann');
    const before = await everyTableCount(t.db);
    const refused = async (typeId: string, body: Record<string, unknown>) => {
      const answer = await ann.post(`/records/${typeId}`, body);
      return { status: answer.status, code: answer.body.error?.code, pointers: (answer.body.error?.details ?? []).map((d: { pointer?: string }) => d.pointer).filter(Boolean) };
    };
    const subject = { subject: 'Sneaky' };
    const outOfScope = (pointers: string[] = []) => ({ status: 422, code: 'REFERENCE_OUT_OF_SCOPE', pointers });

    expect(await refused('ticket', { fields: subject, organizationId: ORGS.b })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, organizationId: ORGS.aEast })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, organizationId: 'no-such-org' })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, callerId: PERSONS.bob })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, callerId: PERSONS.amy })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, teamId: TEAMS.bTeam })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, teamId: TEAMS.desk })).toEqual(outOfScope());
    expect(await refused('ticket', { fields: subject, assigneeId: userIdOf(PERSONS.bob) })).toEqual(outOfScope());
    expect(await refused('request', { fields: { ...subject, affectedPerson: PERSONS.bob } })).toEqual(outOfScope(['/fields/affectedPerson']));
    expect(await refused('request', { fields: { ...subject, site: ORGS.b } })).toEqual(outOfScope(['/fields/site']));
    expect(await refused('request', { fields: { ...subject, relatedTickets: [world.ann.id, world.bob.id, world.bob.number, NO_SUCH_ID, world.bobRequest.id] } })).toEqual(
      outOfScope(['/fields/relatedTickets/1', '/fields/relatedTickets/2', '/fields/relatedTickets/3', '/fields/relatedTickets/4']),
    );
    expect(await refused('request', { fields: { ...subject, expert: userIdOf(PERSONS.ann) } })).toEqual({ status: 403, code: 'FORBIDDEN', pointers: ['/fields/expert'] });
    expect(await everyTableCount(t.db)).toEqual(before);

    // The same references are fine for the service desk, whose grants reach everything.
    const desk = await (await api.as('dora')).post('/records/request', { organizationId: ORGS.b, callerId: PERSONS.bob, fields: { ...subject, affectedPerson: PERSONS.bob, site: ORGS.b, relatedTickets: [world.bob.id] } });
    expect(desk.status).toBe(201);
  });

  it('hides work notes and their attachments from a portal user, even on their own record', async () => {
    const bob = await api.as('bob');
    const dora = await api.as('dora');
    const before = await everyTableCount(t.db);
    const upload = new FormData();
    upload.append('commentId', world.noteId);
    upload.append('file', new Blob([Buffer.from('hello')]), 'hello.txt');

    const comments = await bob.get(`/records/ticket/${world.bob.id}/comments`);
    const attachments = await bob.get(`/records/ticket/${world.bob.id}/attachments`);
    const download = await bob.get(`/records/ticket/${world.bob.id}/attachments/${world.noteAttachmentId}`);
    const onNote = await bob.raw('POST', `/records/ticket/${world.bob.id}/attachments`, { body: upload });
    const asNote = await bob.post(`/records/ticket/${world.bob.id}/comments`, { kind: 'work-note', body: 'let me in' });

    expect(comments.body.items.map((c: { kind: string }) => c.kind)).toEqual(['reply']);
    expect(JSON.stringify(comments.body)).not.toContain('internal');
    expect(attachments.body.items.map((a: { id: string }) => a.id)).toEqual([world.attachmentId]);
    expect(download.status).toBe(404);
    expect(onNote.status).toBe(400);
    expect(asNote.status).toBe(403);
    expect(await everyTableCount(t.db)).toEqual(before);
    expect((await dora.get(`/records/ticket/${world.bob.id}/comments`)).body.items.map((c: { kind: string }) => c.kind)).toEqual(['reply', 'work-note']);
    expect((await dora.get(`/records/ticket/${world.bob.id}/attachments`)).body.items).toHaveLength(2);
  });

  it('stores markup as text and answers it JSON-escaped; exports formulas defused', async () => {
    const ann = await api.as('ann');
    const markup = '<script>alert(1)</script><img src=x onerror="alert(2)">';

    const created = await ann.raw('POST', '/records/ticket', { body: JSON.stringify({ fields: { subject: markup, details: "=cmd|' /C calc'!A0" } }), headers: { 'content-type': 'application/json' } });
    const createdText = await created.text();
    const record = JSON.parse(createdText) as RecordView;
    const comment = await ann.raw('POST', `/records/ticket/${record.id}/comments`, { body: JSON.stringify({ kind: 'reply', body: markup }), headers: { 'content-type': 'application/json' } });
    const listText = await (await ann.raw('GET', '/records/ticket')).text();

    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    for (const text of [createdText, await comment.text(), listText]) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).toContain('\\u003cscript\\u003e');
    }
    expect(record.fields['subject']).toBe(markup);
    expect(JSON.parse(((await t.db.knex('records').where({ id: record.id }).first('data')) as { data: string }).data)).toMatchObject({ subject: markup });
    const csv = await (await (await api.as('dora')).raw('GET', `/records/ticket/export.csv?createdBy=user-ann&sort=-number`)).text();
    expect(csv.split('\r\n')[1]).toContain(",'=cmd|' /C calc'!A0,");
    expect(csv).not.toMatch(/,=cmd/);
  });

  it('takes SQL, LIKE and full-text operators in searches and filters as data', async () => {
    const ann = await api.as('ann');
    await api.seed('ann', 'ticket', { subject: "100% O'Brien a_b \\ (a OR b)" });
    const own = new Set((await allPages(ann, '/records/ticket')).sort());
    const before = await everyTableCount(t.db);

    for (const q of HOSTILE_SEARCH_STRINGS) {
      for (const type of ['', '&type=ticket']) {
        const answer = await ann.get(`/search?q=${encodeURIComponent(q)}${type}`);
        expect({ q, status: answer.status < 500 }).toEqual({ q, status: true });
        if (answer.status === 200) for (const item of answer.body.items as Array<{ id: string }>) expect(own.has(item.id)).toBe(true);
      }
    }
    expect(idsOf((await ann.get(`/search?q=${encodeURIComponent('%')}`)).body)).toHaveLength(1);
    expect(idsOf((await ann.get(`/search?q=${encodeURIComponent("O'Brien")}`)).body)).toHaveLength(1);
    expect(idsOf((await ann.get(`/search?q=${encodeURIComponent('_')}`)).body)).toHaveLength(1);
    for (const filter of ["organizationId=' OR '1'='1", `field.priority=${encodeURIComponent("high' OR 1=1 --")}`, `callerId=${encodeURIComponent('%')}`, `state=${encodeURIComponent('new) OR (1=1')}`]) {
      const answer = await ann.get(`/records/ticket?${filter}`);
      expect({ filter, status: answer.status, ids: answer.body.items?.length }).toEqual({ filter, status: 200, ids: 0 });
    }
    for (const sort of ['id; DROP TABLE records', 'fields.subject', '-fields.priority desc', 'organization_id']) expect((await ann.get(`/records/ticket?sort=${encodeURIComponent(sort)}`)).status).toBe(400);
    expect(await everyTableCount(t.db)).toEqual(before);
  });

  it('never answers with a secret: no password hash, session or CSRF token of anyone, no storage path, and errors echo nothing sent', async () => {
    const ann = await api.as('ann');
    const dora = await api.as('dora');
    const bob = await api.as('bob');
    const answers: string[] = [];
    const keep = async (client: ApiClient, path: string) => answers.push(await (await client.raw('GET', path)).text());
    for (const client of [ann, dora]) {
      for (const path of ['/record-types', '/records/ticket', `/records/ticket/${world.bob.id}`, `/records/ticket/${world.bob.id}/history`, `/records/ticket/${world.bob.id}/comments`, `/records/ticket/${world.bob.id}/attachments`, `/records/ticket/${world.bob.id}/watchers`, '/search?q=Bob']) {
        await keep(client, path);
      }
    }
    await keep(ann, '/records/ticket/TKT-999999');
    await keep(ann, '/records/ticket?sort=fields.evil%3Cscript%3E');
    const text = answers.join('\n');

    const hashes = ((await t.db.knex('users').whereNotNull('password_hash').pluck('password_hash')) as string[]).map((h) => h.slice(-20));
    const storageKeys = (await t.db.knex('record_attachments').pluck('storage_key')) as string[];
    for (const secret of [...hashes, ...storageKeys, bob.sessionSecret!, bob.csrfToken!, dora.sessionSecret!, ann.sessionSecret!, '$argon2', 'password']) expect(text).not.toContain(secret);
    expect(text).not.toContain('TKT-999999');
    // What a caller sent comes back, if at all, JSON-escaped: never as markup.
    expect(text).not.toMatch(/[<>]/);
  });

  it('audits every write over HTTP with who did it and the values before and after', async () => {
    const dora = await api.as('dora');
    const created = await dora.post('/records/ticket', { organizationId: ORGS.a, callerId: PERSONS.ann, fields: { subject: 'Audited', priority: 'low' } });
    const id = created.body.id as string;
    await dora.patch(`/records/ticket/${id}`, { fields: { priority: 'high' }, teamId: TEAMS.desk }, { headers: { 'if-match': '"1"' } });
    await dora.post(`/records/ticket/${id}/comments`, { kind: 'work-note', body: 'noted' });
    const upload = new FormData();
    upload.append('file', new Blob([Buffer.from('log line')]), 'log.txt');
    await dora.raw('POST', `/records/ticket/${id}/attachments`, { body: upload });
    await dora.put(`/records/ticket/${id}/watchers/${PERSONS.ann}`);
    await dora.delete(`/records/ticket/${id}/watchers/${PERSONS.ann}`);

    const audit = await readAudit(t.db.knex, 'record', id);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['user-dora', 'record.create'],
      ['user-dora', 'record.update'],
      ['user-dora', 'record.comment'],
      ['user-dora', 'record.attach'],
      ['user-dora', 'record.watch'],
      ['user-dora', 'record.unwatch'],
    ]);
    expect(audit[0]!.details).toMatchObject({ after: { organizationId: ORGS.a, callerId: PERSONS.ann, fields: { subject: 'Audited', priority: 'low' } } });
    expect(audit[1]!.details).toMatchObject({ before: { teamId: null, fields: { priority: 'low' } }, after: { teamId: TEAMS.desk, fields: { priority: 'high' } } });
    expect(audit[2]!.details).toMatchObject({ after: { kind: 'work-note', body: 'noted' } });
    expect(audit[3]!.details).toMatchObject({ after: { fileName: 'log.txt', mediaType: 'text/plain' } });
    expect(audit[4]!.details).toMatchObject({ after: { personId: PERSONS.ann } });
    expect(audit[5]!.details).toMatchObject({ before: { personId: PERSONS.ann } });
  });

  it('holds an API token to its scopes: a read-only token reads within the grants and writes nothing', async () => {
    const dora = await api.as('dora');
    const { body } = await dora.post('/auth/tokens', { name: 'report', scopes: ['read'] });
    const token = apiClient(api.app.url, { token: body.secret as string });
    const before = await everyTableCount(t.db);

    expect((await token.get('/records/ticket/count')).body).toEqual({ count: 6 });
    expect((await token.post('/records/ticket', { fields: { subject: 'by token' } })).body.error.code).toBe('FORBIDDEN');
    expect((await token.post(`/records/ticket/${world.ann.id}/comments`, { kind: 'reply', body: 'by token' })).body.error.code).toBe('FORBIDDEN');
    expect((await token.raw('GET', '/records/ticket/export.csv')).status).toBe(403);
    expect(await everyTableCount(t.db)).toEqual(before);
  });
});
