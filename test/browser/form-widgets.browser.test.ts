/**
 * The form widgets in a real browser against a whole Flowdesk: the incident form's priority computed
 * live from impact and urgency and kept by the server whatever a client claims; and, in a small
 * bundle installed here for the purpose, a rich-text field (sanitized in the browser and again on
 * the server), a date-time field entered in the user's time zone and stored as a UTC instant, a
 * select fed by our own API, and file fields — handed to the request page in a start form and
 * uploaded at once in a task form. No console error is allowed on any page.
 */
import { jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { loadBundleFromPath } from '../../engine/index.js';
import { writeMinimalBundle } from '../bundle-fixtures.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../for-each-database.js';
import { launchBrowser, type TestBrowser, type WatchedPage } from './browser.js';
import { ensureWebBuilt, logInPage, startSite, type Site, type SiteUser } from './site.js';

jest.setTimeout(120_000);

const ENTRY = 'form-widgets-test:log-widget-note';
const PRINTER = 'itil-incident:report-printer-problem';

// One site for the whole file (the tests write nothing the others read), on each test database.
describe.each(testDialects())('form widgets in a browser [%s]', (dialect) => {
  let database: TestDatabase;
  let browser: TestBrowser;
  let site: Site;
  beforeAll(async () => {
    ensureWebBuilt();
    database = await createTestDatabase(dialect);
    browser = await launchBrowser();
    site = await startSite(database);
    await installWidgetBundle(site);
  });
  afterAll(async () => {
    await site?.stop();
    await browser?.close();
    await database?.drop();
  });

  // The browser runs in New York; the user's account says Asia/Shanghai, and that zone is the one forms use.
  const logIn = (user: SiteUser, path: string): Promise<WatchedPage> => logInPage(browser, site, user, path, { timezoneId: 'America/New_York' });

  it('shows the incident priority computed live, and the server keeps its own priority whatever the request claims', async () => {
    const ann = await logIn(site.users.ann, `/request/${encodeURIComponent(PRINTER)}`);
    const { page } = ann;
    const priority = page.locator('output#root_priority');
    // Impact 3 and urgency 2 are the form's defaults: P4 before anything is touched.
    await expect(textOf(priority, 'P4 Low')).resolves.toBe('P4 Low');
    await page.getByLabel('1 - A department or more').check();
    await page.getByLabel('1 - High: work has stopped').check();
    await expect(textOf(priority, 'P1 Critical')).resolves.toBe('P1 Critical');
    await page.getByLabel('3 - Low: it can wait').check();
    await expect(textOf(priority, 'P3 Medium')).resolves.toBe('P3 Medium');
    await ann.screenshot('form-widgets-priority');
    await page.getByLabel('Subject').fill('Printer offline for the whole floor');
    await page.getByLabel('Description').fill('No one on floor 3 can print.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/tickets\/incident\/INC-/);
    const number = /INC-\d+/.exec(page.url())![0];
    const annApi = await site.as(site.users.ann);
    expect((await annApi.get(`/records/incident/${number}`)).body.fields).toMatchObject({ impact: 1, urgency: 3, priority: 'p3' });
    expect(ann.problems).toEqual([]);

    // Not through the browser: a request that claims P1 for an incident of impact 3 and urgency 3.
    const forged = await annApi.post(`/catalog/entries/${encodeURIComponent(PRINTER)}/requests`, {
      data: { subject: 'Mouse is a bit slow', description: 'It can wait.', impact: 3, urgency: 3, priority: 'p1' },
    });
    expect(forged.status).toBe(201);
    // The record as the request created it, before any process step (the bundle's own priority plugin) ran.
    expect(forged.body.record.fields.priority).toBe('p4');
  });

  it('fills rich text, a zoned date-time, an API select and files; stores them sanitized, in UTC, and attached', async () => {
    const ann = await logIn(site.users.ann, `/request/${encodeURIComponent(ENTRY)}`);
    const { page } = ann;
    await page.getByLabel('Subject').fill('Widgets at work');
    await page.getByLabel('Large').check();
    await expect(textOf(page.locator('output#root_band'), 'large')).resolves.toBe('large');

    // Rich text: typed, made bold from the toolbar, and a paste that carries script.
    const editor = page.getByRole('textbox', { name: 'Body' });
    await editor.click();
    await page.keyboard.type('Hello ');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('world');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type(' at ');
    // A link from the toolbar: a bare host becomes an https address.
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByRole('textbox', { name: 'Link address' }).fill('example.test/help');
    await page.getByRole('button', { name: 'Apply' }).click();
    await editor.evaluate((element, html) => {
      // The page's DOM types are not this program's (no DOM lib on the server side).
      const page = globalThis as unknown as PageGlobals;
      const data = new page.DataTransfer();
      data.setData('text/html', html);
      (element as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(new page.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, '<em>pasted</em><img src="x" onerror="window.__pwned = 1"><script>window.__pwned = 2</script><a href="javascript:alert(1)">bad link</a>');
    await expect(editor.locator('em').textContent()).resolves.toBe('pasted');
    expect(await editor.locator('img, script').count()).toBe(0);

    // Date-time in the user's zone (Asia/Shanghai, UTC+8), though the browser is in New York.
    await expect(page.locator('[data-time-zone]').getAttribute('data-time-zone')).resolves.toBe('Asia/Shanghai');
    const due = page.locator('#root_dueAt');
    await due.click();
    await due.fill('2031-05-06 09:30');
    // (Enter would submit the form, as in any one-line input.)
    await due.press('Tab');
    await expect(due.inputValue()).resolves.toBe('2031-05-06 09:30');

    // A select fed by GET /people (the people of one's own organizations), searching as one types.
    await page.getByRole('combobox', { name: 'Contact' }).click();
    await page.keyboard.type('Ann');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Ann 安娜' }).first().click();

    // A file field of a start form: the page uploads the file once the record exists.
    await page.locator('[data-attachments="files"] input[type=file]').setInputFiles({ name: 'screen.txt', mimeType: 'text/plain', buffer: Buffer.from('what the screen said') });
    await ann.screenshot('form-widgets-start-form');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/tickets\/widget-note\/WN-/);
    const number = /WN-\d+/.exec(page.url())![0];
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    const annApi = await site.as(site.users.ann);
    const stored = (await annApi.get(`/records/widget-note/${number}`)).body;
    expect(stored.fields).toMatchObject({ subject: 'Widgets at work', size: 2, band: 'large', dueAt: '2031-05-06T01:30:00.000Z', contact: site.users.ann.personId });
    // (A space the editor keeps visible is a no-break space.)
    expect(stored.fields.body.replace(/\u00a0/g, ' ')).toBe('Hello <b>world</b> at <a href="https://example.test/help" rel="noopener">https://example.test/help</a><em>pasted</em><a rel="noopener">bad link</a>');
    const attachments = async () => (await annApi.get(`/records/widget-note/${stored.id}/attachments`)).body.items as Array<{ id: string; fileName: string }>;
    expect((await attachments()).map((a) => a.fileName)).toEqual(['screen.txt']);

    // A file field of a task form: uploaded to the record at once, its id kept in the field.
    const task = page.locator('[data-task="add-files"]');
    await task.locator('[data-attachments="files"] input[type=file]').setInputFiles({ name: 'log.txt', mimeType: 'text/plain', buffer: Buffer.from('a log line') });
    await task.locator('.ant-upload-list-item-done', { hasText: 'log.txt' }).waitFor();
    await ann.screenshot('form-widgets-task-upload');
    await task.getByRole('button', { name: 'Complete' }).click();
    await task.waitFor({ state: 'detached' });
    const log = (await attachments()).find((a) => a.fileName === 'log.txt');
    expect(log).toBeDefined();
    expect((await annApi.get(`/records/widget-note/${stored.id}`)).body.fields.files).toEqual([log!.id]);
    expect(ann.problems).toEqual([]);
  });

  it('stores rich text sanitized and computed fields recomputed when a client sends the request itself', async () => {
    const annApi = await site.as(site.users.ann);
    const answer = await annApi.post(`/catalog/entries/${encodeURIComponent(ENTRY)}/requests`, {
      data: {
        subject: 'Straight to the API',
        size: 1,
        band: 'large',
        body: '<p onclick="steal()">Hi <strong>there</strong></p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="https://example.test/" target="_top">ok</a>',
      },
    });
    expect(answer.status).toBe(201);
    const stored = (await annApi.get(`/records/widget-note/${answer.body.record.id}`)).body.fields;
    expect(stored.band).toBe('small');
    expect(stored.body).toBe('<p>Hi <strong>there</strong></p><a href="https://example.test/" rel="noopener">ok</a>');
  });
});

interface PageGlobals {
  DataTransfer: new () => { setData(type: string, value: string): void };
  ClipboardEvent: new (type: string, init: object) => unknown;
}

/** The element's text once it reads `expected` (or whatever it reads when the wait runs out). */
async function textOf(locator: Locator, expected: string): Promise<string> {
  await locator.filter({ hasText: expected }).waitFor().catch(() => undefined);
  return (await locator.textContent()) ?? '';
}

/**
 * A bundle with one form of each widget kind, installed the way `npm start` installs definitions,
 * and offered to the requesters' organization by a contract.
 */
async function installWidgetBundle(site: Site): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-widgets-'));
  const messages = {
    'bundle.title': 'Form widgets',
    'record.widget-note': 'Widget note',
    'state.open': 'Open',
    'state.done': 'Done',
    'role.portal-user': 'Portal user',
    'form.widget-note-log': 'Log a widget note',
    'form.widget-note-files': 'Add files',
    'field.subject': 'Subject',
    'field.size': 'Size',
    'size.1': 'Small',
    'size.2': 'Large',
    'field.band': 'Band',
    'field.body': 'Body',
    'field.dueAt': 'Due',
    'field.contact': 'Contact',
    'field.files': 'Files',
    'catalog.family': 'Widget tests',
    'catalog.service': 'Widget service',
    'catalog.entry': 'Log a widget note',
  };
  const files = { type: 'array', title: 'field.files', maxItems: 10, items: { type: 'string', maxLength: 36, 'x-flowdesk-ref': 'attachment' } };
  writeMinimalBundle(
    dir,
    {
      name: 'form-widgets-test',
      contents: {
        i18n: ['i18n/zh-CN.json', 'i18n/en.json'],
        roles: ['roles.json'],
        records: ['records/widget-note.json'],
        forms: ['forms/widget-note-log.json', 'forms/widget-note-files.json'],
        processes: ['processes/widget-note.bpmn'],
        catalog: ['catalog.json'],
      },
    },
    {
      'i18n/zh-CN.json': { locale: 'zh-CN', messages },
      'i18n/en.json': { locale: 'en', messages },
      'roles.json': { roles: [{ id: 'portal-user', titleKey: 'role.portal-user', grants: [{ recordType: 'widget-note', actions: ['read', 'create', 'comment', 'attach'], scope: 'own' }] }] },
      'records/widget-note.json': {
        id: 'widget-note',
        titleKey: 'record.widget-note',
        numbering: { prefix: 'WN', digits: 6 },
        fields: {
          type: 'object',
          properties: {
            subject: { type: 'string', title: 'field.subject', maxLength: 200 },
            size: { type: 'integer', title: 'field.size' },
            band: { type: 'string', title: 'field.band', maxLength: 20 },
            body: { type: 'string', title: 'field.body', maxLength: 5000, contentMediaType: 'text/html' },
            dueAt: { type: 'string', title: 'field.dueAt', format: 'date-time' },
            contact: { type: 'string', title: 'field.contact', maxLength: 36 },
            files: { type: 'array', title: 'field.files', maxItems: 10, items: { type: 'string', maxLength: 36 } },
          },
          required: ['subject'],
        },
        states: [
          { id: 'open', titleKey: 'state.open' },
          { id: 'done', titleKey: 'state.done', isFinal: true },
        ],
        listColumns: ['subject'],
      },
      'forms/widget-note-log.json': {
        id: 'widget-note-log',
        titleKey: 'form.widget-note-log',
        recordType: 'widget-note',
        schema: {
          type: 'object',
          properties: {
            subject: { type: 'string', title: 'field.subject', minLength: 2, maxLength: 200 },
            size: { type: 'integer', title: 'field.size', oneOf: [{ const: 1, title: 'size.1' }, { const: 2, title: 'size.2' }] },
            band: { type: 'string', title: 'field.band', 'x-flowdesk-computed': { from: ['size'], table: { '1': 'small', '2': 'large' }, otherwise: 'unknown' } },
            body: { type: 'string', title: 'field.body', maxLength: 5000, contentMediaType: 'text/html' },
            dueAt: { type: 'string', title: 'field.dueAt', format: 'date-time' },
            contact: { type: 'string', title: 'field.contact', maxLength: 36, 'x-flowdesk-options': { path: '/people?kind=person&limit=20', itemsAt: 'items', value: 'id', label: 'name', searchParam: 'q' } },
            files,
          },
          required: ['subject', 'size'],
          additionalProperties: false,
        },
        uiSchema: { size: { 'ui:widget': 'radio' } },
      },
      'forms/widget-note-files.json': {
        id: 'widget-note-files',
        titleKey: 'form.widget-note-files',
        recordType: 'widget-note',
        schema: { type: 'object', properties: { files }, additionalProperties: false },
      },
      'processes/widget-note.bpmn': WIDGET_PROCESS,
      'catalog.json': {
        families: [{ id: 'widget-tests', titleKey: 'catalog.family' }],
        services: [{ id: 'widget-service', family: 'widget-tests', titleKey: 'catalog.service' }],
        entries: [
          {
            id: 'log-widget-note',
            titleKey: 'catalog.entry',
            family: 'widget-tests',
            service: 'widget-service',
            recordType: 'widget-note',
            process: 'widget-note',
            startForm: 'widget-note-log',
            requestableBy: ['portal-user'],
          },
        ],
      },
    },
  );
  const runtime = site.server.runtime;
  const report = await runtime.registry.importBundles([await loadBundleFromPath(dir, { limits: runtime.config.limits })], { actor: 'test' });
  if (report.steps.map((step) => step.action).join() !== 'install') throw new Error(`import: ${JSON.stringify(report)}`);
  const annApi = await site.as(site.users.ann);
  const organizationId = (await annApi.get('/auth/session')).body.user.organizationId as string;
  // The catalog reads the installed bundles again after a second at most.
  const deadline = Date.now() + 5000;
  for (;;) {
    const contract = await site.admin.post('/catalog/contracts', { organizationId, name: 'Widget tests', startsOn: '2020-01-01', services: [{ service: 'widget-service' }] });
    if (contract.status < 300) return;
    if (Date.now() > deadline) throw new Error(`contract: ${JSON.stringify(contract.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const WIDGET_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowdesk="https://flowdesk.dev/schema/bpmn/1.0" id="widget-note-definitions" targetNamespace="https://flowdesk.dev/definitions/form-widgets-test">
  <bpmn:process id="widget-note" name="Widget note" isExecutable="true" flowdesk:recordType="widget-note">
    <bpmn:startEvent id="logged" flowdesk:formKey="widget-note-log">
      <bpmn:outgoing>to-files</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="add-files" name="Add files" flowdesk:formKey="widget-note-files" flowdesk:assignee="\${requester}" flowdesk:recordFields="files">
      <bpmn:incoming>to-files</bpmn:incoming>
      <bpmn:outgoing>to-done</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="done" flowdesk:recordState="done">
      <bpmn:incoming>to-done</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="to-files" sourceRef="logged" targetRef="add-files" />
    <bpmn:sequenceFlow id="to-done" sourceRef="add-files" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>
`;
