/**
 * The designer in a real browser, end to end against a whole Flowdesk: an administrator builds a
 * bundle from nothing — a record type, forms, a process drawn in the modeler with its Flowdesk
 * settings set in the panel, a catalog entry and grants — publishes it, a requester starts it
 * from the portal and an agent completes it in the workspace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { unpackBundle } from '../../engine/index.js';
import { REPO_ROOT } from '../bundle-fixtures.js';
import { forEachDatabase } from '../for-each-database.js';
import { selectOption, type PageOptions } from './browser.js';
import { modeler } from './modeler.js';
import { PASSWORD, browserSuite, logInPage, type Site, type SiteUser } from './site.js';

jest.setTimeout(300_000);

/** Adds a file of a kind through the "Add a file" menu (an id for kinds with one file per definition). */
async function addFile(page: Page, kind: string, id?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a file', exact: true }).click();
  await page.getByRole('menuitem', { name: kind, exact: true }).click();
  if (id) {
    await page.getByLabel('Id').fill(id);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  }
}

forEachDatabase('the designer in a browser', (database) => {
  const suite = browserSuite(database);
  let site: Site;
  beforeEach(() => {
    site = suite.site();
  });
  const logIn = (user: SiteUser, options: PageOptions = {}, path = '/') => logInPage(suite.browser(), site, user, path, options);

  it('builds a bundle from nothing, publishes it, and it runs from the portal to the workspace', async () => {
    const ada = await logIn(site.users.ada, {}, '/designer');
    const { page } = ada;
    await page.getByRole('button', { name: 'New bundle' }).click();
    await page.getByLabel('Bundle name').fill('loan-desk');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/designer\/drafts\//);
    const draftId = /drafts\/([^/?]+)/.exec(page.url())![1]!;

    await addFile(page, 'Record types', 'loan');
    await addFile(page, 'Forms', 'loan-request');
    await addFile(page, 'Forms', 'loan-review');
    await addFile(page, 'Processes', 'loan');

    const bpmn = modeler(page);
    await page.locator('.djs-palette').waitFor();
    await bpmn.selectProcess();
    await bpmn.openGroup('flowdesk-record');
    await bpmn.choose('flowdesk-recordType', 'loan');

    await bpmn.select('loan-start');
    await bpmn.openGroup('flowdesk-form');
    await bpmn.choose('flowdesk-formKey', 'loan-request');

    const review = await bpmn.changeType(await bpmn.append('loan-start', 'append.append-task'), 'replace-with-user-task');
    await bpmn.select(review);
    await bpmn.identify('review', 'Review the request');
    await bpmn.openGroup('flowdesk-form');
    await bpmn.choose('flowdesk-formKey', 'loan-review');
    await bpmn.openGroup('flowdesk-assignment');
    await bpmn.choose('flowdesk-addRole', 'service-desk-agent');
    await bpmn.openGroup('flowdesk-due');
    await bpmn.fill('flowdesk-dueIn', 'PT4H');

    await bpmn.select(await bpmn.append('review', 'append.gateway'));
    await bpmn.identify('decided', 'Approved?');
    for (const [id, name] of [['hand-over', 'Hand the item over'], ['tell-refusal', 'Tell the requester why not']] as const) {
      const task = await bpmn.changeType(await bpmn.append('decided', 'append.append-task'), 'replace-with-user-task');
      await bpmn.select(task);
      await bpmn.identify(id, name);
      await bpmn.openGroup('flowdesk-assignment');
      await bpmn.choose('flowdesk-addRole', 'service-desk-agent');
    }
    const end = await bpmn.append('hand-over', 'append.end-event');
    await bpmn.connect('tell-refusal', end);
    await ada.screenshot('designer-process');

    // Conditions on the gateway's two ways out.
    // (Until the draft's first save of a file, the server answers 404 for it: read as empty.)
    const xml = async () => ((await site.admin.get(`/drafts/${draftId}/file?path=${encodeURIComponent('processes/loan.bpmn')}`)).body.content as string | undefined) ?? '';
    const flowTo = (text: string, target: string) => new RegExp(`<bpmn:sequenceFlow id="([^"]+)" sourceRef="decided" targetRef="${target}"`).exec(text)?.[1];
    let saved = '';
    await until(async () => {
      saved = await xml();
      return flowTo(saved, 'tell-refusal') !== undefined;
    });
    for (const [target, decision] of [['hand-over', 'approve'], ['tell-refusal', 'reject']] as const) {
      await bpmn.select(flowTo(saved, target)!);
      await bpmn.openGroup('flowdesk-condition');
      await bpmn.fill('flowdesk-condition', `\${decision == "${decision}"}`);
    }
    await until(async () => (await xml()).includes('decision == &#34;reject&#34;') || (await xml()).includes('decision == "reject"'));
    saved = await xml();
    expect(saved).toMatch(/<bpmn:startEvent id="loan-start" flowdesk:formKey="loan-request"/);
    expect(saved).toMatch(/<bpmn:userTask id="review" name="Review the request" flowdesk:formKey="loan-review" flowdesk:candidateGroups="service-desk-agent" flowdesk:dueIn="PT4H"/);
    expect(saved).toMatch(/<bpmn:process id="loan" isExecutable="true" flowdesk:recordType="loan">/);

    // The rest of the bundle: forms, grants and the catalog entry.
    // The request form, designed in the form designer: three fields, one a required choice.
    await page.getByRole('menuitem', { name: 'forms/loan-request.json' }).click();
    const field = async (kind: string, id: string, en: string, zh: string) => {
      await page.getByRole('button', { name: `Add a ${kind} field` }).click();
      const idBox = page.getByRole('textbox', { name: 'Field id' });
      await idBox.fill(id);
      await idBox.blur();
      await page.locator(`[data-field-settings="${id}"]`).waitFor();
      await page.getByRole('textbox', { name: 'Label (English)' }).fill(en);
      await page.getByRole('textbox', { name: 'Label (Chinese)' }).fill(zh);
    };
    await field('Text', 'subject', 'Subject', '主题');
    await page.getByRole('switch', { name: 'Required' }).click();
    await field('Choice', 'item', 'Item', '物品');
    await page.getByRole('switch', { name: 'Required' }).click();
    const option = async (n: number, value: string, en: string, zh: string) => {
      const valueBox = page.getByRole('textbox', { name: `Value of option ${n}` });
      await valueBox.fill(value);
      await valueBox.blur();
      await page.getByRole('textbox', { name: `Label of option ${n} (English)` }).fill(en);
      await page.getByRole('textbox', { name: `Label of option ${n} (Chinese)` }).fill(zh);
    };
    await option(1, 'laptop', 'Laptop', '笔记本电脑');
    await page.getByRole('button', { name: 'Add an option' }).click();
    await option(2, 'projector', 'Projector', '投影仪');
    await field('Whole number', 'days', 'Days', '天数');
    for (const [bound, value] of [['Smallest value', '1'], ['Largest value', '30']] as const) {
      const box = page.getByRole('spinbutton', { name: bound }).or(page.getByRole('textbox', { name: bound })).first();
      await box.fill(value);
      await box.blur();
    }
    // The live preview is the portal's own form.
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Projector').or(preview.getByRole('combobox', { name: 'Item' })).first().waitFor();
    await ada.screenshot('designer-form');
    const requestForm = async () => JSON.parse((await site.admin.get(`/drafts/${draftId}/file?path=${encodeURIComponent('forms/loan-request.json')}`)).body.content as string);
    await until(async () => (await requestForm().catch(() => null))?.schema.properties.days?.maximum === 30);
    const designed = await requestForm();
    expect(designed.schema.required).toEqual(['subject', 'item']);
    expect(designed.schema.properties.item.oneOf.map((o: { const: string }) => o.const)).toEqual(['laptop', 'projector']);
    expect(designed.uiSchema['ui:order']).toEqual(['subject', 'item', 'days']);

    await writeJson(page, 'forms/loan-review.json', {
      id: 'loan-review',
      titleKey: 'form.loan-review',
      schema: { type: 'object', required: ['decision'], properties: { decision: { type: 'string', title: 'field.decision', oneOf: [{ const: 'approve', title: 'decision.approve' }, { const: 'reject', title: 'decision.reject' }] } } },
    });
    await addFile(page, 'Roles and grants');
    await writeJson(page, 'roles.json', {
      roles: [
        { id: 'portal-user', titleKey: 'role.portal-user', grants: [{ recordType: 'loan', actions: ['read', 'create', 'comment'], scope: 'own' }] },
        { id: 'service-desk-agent', titleKey: 'role.service-desk-agent', grants: [{ recordType: 'loan', actions: ['read', 'update', 'assign', 'comment'], scope: 'organization-tree' }] },
      ],
    });
    await addFile(page, 'Catalog');
    await writeJson(page, 'catalog.json', {
      families: [{ id: 'lending', titleKey: 'family.lending' }],
      services: [{ id: 'loans', family: 'lending', titleKey: 'service.loans', keywords: ['借用'] }],
      entries: [{ id: 'borrow-equipment', titleKey: 'entry.borrow-equipment', family: 'lending', service: 'loans', keywords: ['laptop', '笔记本'], recordType: 'loan', process: 'loan', startForm: 'loan-request' }],
    });

    // Every text in both languages, in the texts editor.
    await page.getByRole('menuitem', { name: 'i18n/en.json' }).click();
    await page.getByRole('textbox', { name: / (en|zh-CN)$/ }).first().waitFor();
    // Rows leave the "missing" list once both languages have a text: fill the first empty box until none is left.
    const firstEmpty = () =>
      page.locator('textarea[aria-label$=" en"], textarea[aria-label$=" zh-CN"]').evaluateAll((boxes) => {
        const empty = (boxes as unknown as Array<{ value: string; getAttribute(name: string): string | null }>).find((box) => !box.value);
        return empty?.getAttribute('aria-label') ?? null;
      });
    for (let label = await firstEmpty(); label; label = await firstEmpty()) {
      const [key, locale] = label.split(' ') as [string, string];
      const box = page.getByRole('textbox', { name: label, exact: true });
      await box.fill(locale === 'en' ? key.split('.').pop()!.replace(/-/g, ' ') : `中文 ${key}`);
      await box.blur();
    }
    await ada.screenshot('designer-texts');

    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('No problems: publishing would make version 0.1.0.').waitFor();

    // A test run first, in a throwaway copy: request, review, and the way on to the hand-over.
    await page.getByRole('button', { name: 'Test run' }).click();
    const run = page.locator('.ant-drawer');
    await run.getByLabel('Subject').fill('Trying the loan desk');
    await selectOption(page, run.getByRole('combobox', { name: 'Item' }), 'Projector');
    await run.getByRole('button', { name: 'Start', exact: true }).click();
    const tryReview = run.locator('[data-task="review"]');
    await selectOption(page, tryReview.getByRole('combobox', { name: 'decision' }), 'reject');
    await tryReview.getByRole('button', { name: 'Complete' }).click();
    await run.locator('[data-task="tell-refusal"]').waitFor();
    await ada.screenshot('designer-test-run');
    expect(await site.server.runtime.db.knex('records').count({ n: '*' })).toEqual([{ n: 0 }]);
    await run.getByRole('button', { name: 'Drop this run' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    // Dropping the run closes its drawer.
    await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/designer\/?$/);
    const installed = await site.admin.get('/bundles');
    expect(installed.body.bundles.map((b: { name: string; version: string }) => `${b.name}@${b.version}`)).toContain('loan-desk@0.1.0');
    expect(ada.problems).toEqual([]);

    // A requester starts it from the portal; an agent takes it to the end in the workspace.
    const acme = (await site.admin.get('/organizations')).body.organizations.find((o: { name: string }) => o.name === 'Acme 集团');
    expect((await site.admin.post('/catalog/contracts', { organizationId: acme.id, name: 'Lending', startsOn: '2020-01-01', services: [{ service: 'loans' }] })).status).toBe(201);
    const ann = await logIn(site.users.ann);
    await ann.page.getByRole('link', { name: /borrow equipment/i }).first().click();
    await ann.page.getByLabel('Subject').fill('A laptop for the Shenzhen trip');
    await selectOption(ann.page, ann.page.getByRole('combobox', { name: 'Item' }), 'Laptop');
    await ann.page.getByLabel('Days').fill('5');
    await ann.page.getByRole('button', { name: 'Submit' }).click();
    await ann.page.waitForURL(/\/tickets\/loan\/LOA-/);
    const number = /LOA-\d+/.exec(ann.page.url())![0];
    expect(ann.problems).toEqual([]);

    const li = await logIn(site.users.li, {}, '/workspace');
    await li.page.getByRole('tab', { name: "My teams' queues" }).click();
    const row = li.page.getByRole('row', { name: new RegExp(number) });
    await row.getByRole('button', { name: /Claim/ }).click();
    await li.page.waitForURL(new RegExp(`/workspace/records/loan/${number}`));
    const reviewTask = li.page.locator('[data-task="review"]');
    await selectOption(li.page, reviewTask.getByRole('combobox', { name: 'decision' }), 'approve');
    await reviewTask.getByRole('button', { name: 'Complete' }).click();
    const handOver = li.page.locator('[data-task="hand-over"]');
    await handOver.getByRole('button', { name: /Claim/ }).click();
    await handOver.getByRole('button', { name: 'Complete' }).click();
    const liApi = await site.as(site.users.li);
    const record = await liApi.get(`/records/loan/${number}`);
    await until(async () => (await liApi.get(`/tasks?recordId=${record.body.id}`)).body.items.length === 0);
    const instances = await site.server.runtime.db.knex('process_instances').where({ record_id: record.body.id }).select('status');
    expect(instances).toEqual([{ status: 'completed' }]);
    expect(li.problems).toEqual([]);
  });

  it('imports a diagram drawn in another modeler, publishes it, and exports it with its layout and foreign extensions intact', async () => {
    const drawn = readFileSync(join(REPO_ROOT, 'test/browser/fixtures/order-handling.bpmn'), 'utf8');
    const ada = await logIn(site.users.ada, {}, '/designer');
    const { page } = ada;
    await page.getByRole('button', { name: 'New bundle' }).click();
    await page.getByLabel('Bundle name').fill('order-intake');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/designer\/drafts\//);
    await page.getByLabel('Import a BPMN file…').setInputFiles({ name: 'Order Handling.bpmn', mimeType: 'application/xml', buffer: Buffer.from(drawn) });
    const bpmn = modeler(page);
    await page.locator('[data-element-id="check-order"]').waitFor();
    // One change in the panel: bpmn-js writes the whole file anew.
    await bpmn.select('check-order');
    await bpmn.openGroup('flowdesk-due');
    await bpmn.fill('flowdesk-dueIn', 'PT8H');
    // A service task with no plugin: the check's problem is marked on it, and its link selects it.
    const call = await bpmn.changeType(await bpmn.append('check-order', 'append.append-task'), 'replace-with-service-task');
    await page.getByRole('button', { name: 'Check' }).click();
    const problem = page.getByRole('alert').getByRole('button', { name: `processes/order-handling.bpmn · ${call}` });
    await problem.waitFor();
    await page.locator(`.djs-element.fd-problem[data-element-id="${call}"]`).waitFor({ state: 'attached' });
    await page.locator('.djs-overlay .fd-problem-badge').waitFor();
    await bpmn.selectProcess();
    await problem.click();
    await page.locator(`.djs-element.selected[data-element-id="${call}"]`).waitFor({ state: 'attached' });
    await ada.screenshot('designer-problem');
    await bpmn.remove(call);

    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('No problems: publishing would make version 0.1.0.').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/designer\/?$/);

    // Export what was published: a new draft of it, and its archive.
    await page.getByRole('button', { name: 'New draft order-intake' }).click();
    await page.waitForURL(/\/designer\/drafts\//);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export archive' }).click()]);
    expect(download.suggestedFilename()).toBe('order-intake-0.1.0.tgz');
    const files = await unpackBundle(readFileSync((await download.path())!));
    const exported = Buffer.from(files.get('processes/order-handling.bpmn')!).toString('utf8');
    expect(exported).toContain('<camunda:property name="risk" value="low" />');
    const task = /<bpmn:userTask id="check-order"[^>]*>/.exec(exported)![0];
    expect(task).toContain('camunda:asyncBefore="true"');
    expect(task).toContain('flowdesk:dueIn="PT8H"');
    expect(exported).toContain('camunda:historyTimeToLive="180"');
    expect(exported).toContain('<bpmn:documentation>Drawn in Camunda Modeler.</bpmn:documentation>');
    // The diagram as it was drawn: every shape's bounds and every edge's waypoints.
    const layout = (xml: string) => [...xml.matchAll(/<(?:dc:Bounds|di:waypoint) [^>]*\/>/g)].map((m) => m[0].replace(/\s+\/>$/, ''));
    expect(layout(exported)).toEqual(layout(drawn));

    // The next version's changes, on the diagram: a step added after the check.
    await page.getByRole('menuitem', { name: 'processes/order-handling.bpmn' }).click();
    // bpmn.io's watermark stays, as its licence asks.
    await page.locator('.bjs-powered-by').waitFor();
    const added = await bpmn.append('check-order', 'append.append-task');
    await page.getByRole('button', { name: 'Changes' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'processes/order-handling.bpmn' }).click();
    await page.locator(`.fd-diagram-view [data-element-id="${added}"].fd-added`).waitFor({ state: 'attached' });
    await ada.screenshot('designer-diff');
    expect(ada.problems).toEqual([]);
  });

  it('sets a countersign and a timer in the panel, written as BPMN the runtime reads', async () => {
    const draft = (await site.admin.post('/drafts', { bundle: 'sign-offs', from: null })).body as { id: string };
    const ada = await logIn(site.users.ada, {}, `/designer/drafts/${draft.id}`);
    const { page } = ada;
    await addFile(page, 'Processes', 'sign-off');
    const bpmn = modeler(page);
    await page.locator('.djs-palette').waitFor();
    const task = await bpmn.changeType(await bpmn.append('sign-off-start', 'append.append-task'), 'replace-with-user-task');
    await bpmn.select(task);
    await bpmn.identify('approve', 'Approve the purchase');
    await bpmn.toggle('approve', 'toggle-parallel-mi');
    await bpmn.openGroup('multiInstance');
    await bpmn.fill('loopCardinality', '3');
    await bpmn.openGroup('flowdesk-countersign');
    await bpmn.choose('flowdesk-countersign', 'at-least-2');
    const wait = await bpmn.changeType(await bpmn.append('approve', 'append.intermediate-event'), 'replace-with-timer-intermediate-catch');
    await bpmn.select(wait);
    await bpmn.openGroup('flowdesk-timer');
    await bpmn.choose('flowdesk-timerPreset', 'P1D');
    await bpmn.append(wait, 'append.end-event');

    const xml = async () => ((await site.admin.get(`/drafts/${draft.id}/file?path=${encodeURIComponent('processes/sign-off.bpmn')}`)).body.content as string | undefined) ?? '';
    await until(async () => (await xml()).includes('<bpmn:endEvent'));
    const saved = await xml();
    expect(saved).toMatch(/<bpmn:multiInstanceLoopCharacteristics>\s*<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">3<\/bpmn:loopCardinality>\s*<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">\$\{countersign\.approve\.decision\.approve &gt;= 2\}<\/bpmn:completionCondition>/);
    expect(saved).toMatch(/<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P1D<\/bpmn:timeDuration>/);
    // The same validator as `flowdesk bundle validate` takes it.
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('No problems: publishing would make version 0.1.0.').waitFor();
    expect(ada.problems).toEqual([]);
  });

  it('edits a calendar in its editor: holidays and make-up days pasted as lists, checked line by line', async () => {
    const draft = (await site.admin.post('/drafts', { bundle: 'desk-hours', from: null })).body as { id: string };
    const ada = await logIn(site.users.ada, {}, `/designer/drafts/${draft.id}`);
    const { page } = ada;
    await addFile(page, 'Calendars', 'office');
    const holidays = page.getByRole('textbox', { name: 'Paste holidays' });
    await holidays.fill('2027-01-01 New year | 元旦\n2027-02-06..2027-02-12 Spring festival | 春节\n2027-13-01 Not a day');
    await page.getByRole('button', { name: 'Add to the list' }).first().click();
    await page.getByText('Nothing was taken: correct these lines first.').waitFor();
    await page.getByText('Line 3 “2027-13-01 Not a day”').waitFor();
    await holidays.fill('2027-01-01 New year | 元旦\n2027-02-06..2027-02-12 Spring festival | 春节');
    await page.getByRole('button', { name: 'Add to the list' }).first().click();
    await page.getByText('2 day(s) taken into the list.').waitFor();
    await page.getByRole('textbox', { name: 'Paste make-up working days' }).fill('2027-02-14 fri');
    await page.getByRole('button', { name: 'Add to the list' }).last().click();
    await page.getByText('1 day(s) taken into the list.').waitFor();
    await ada.screenshot('designer-calendar');

    const read = async (path: string) => JSON.parse((await site.admin.get(`/drafts/${draft.id}/file?path=${encodeURIComponent(path)}`)).body.content as string);
    // The draft saves shortly after the last change: until then the server may not have the file.
    await until(async () => ((await read('calendars/office.json').catch(() => ({}))).workdays ?? []).length === 1);
    const calendar = await read('calendars/office.json');
    expect(calendar.holidays.map((h: { date: string; to?: string }) => [h.date, h.to ?? null])).toEqual([
      ['2027-01-01', null],
      ['2027-02-06', '2027-02-12'],
    ]);
    expect(calendar.workdays[0].date).toBe('2027-02-14');
    const zh = await read('i18n/zh-CN.json');
    expect(calendar.holidays.map((h: { nameKey: string }) => zh.messages[h.nameKey])).toEqual(['元旦', '春节']);
    expect(ada.problems).toEqual([]);
  });

  it('shows a second admin that the draft was saved meanwhile, and overwrites nothing', async () => {
    const acme = (await site.admin.get('/organizations')).body.organizations.find((o: { name: string }) => o.name === 'Acme 集团');
    const person = await site.admin.post('/persons', { organizationId: acme.id, name: 'Max Admin', email: 'max@example.test' });
    const max = await site.admin.post('/users', { login: 'max', password: PASSWORD, personId: person.body.id, roles: ['admin'], language: 'en', timeZone: 'Asia/Shanghai' });
    const draft = (await site.admin.post('/drafts', { bundle: 'shared-work', from: null })).body as { id: string };
    const path = `/designer/drafts/${draft.id}?file=bundle.json`;
    const ada = await logIn(site.users.ada, {}, path);
    const other = await logIn({ login: 'max', userId: max.body.id, personId: person.body.id }, {}, path);
    const manifest = async (watched: typeof ada) => JSON.parse(await watched.page.getByRole('textbox', { name: 'bundle.json' }).inputValue()) as { title: Record<string, string> };
    const retitle = async (watched: typeof ada, title: string) => {
      const changed = { ...(await manifest(watched)), title: { 'zh-CN': title, en: title } };
      await watched.page.getByRole('textbox', { name: 'bundle.json' }).fill(JSON.stringify(changed, null, 2));
    };

    await retitle(ada, 'Ada was here');
    await ada.page.getByText('Saved (version 2)').waitFor();
    await retitle(other, 'Max was here');
    await other.page.getByRole('alert').filter({ hasText: 'Someone else saved this draft (Ada Admin' }).waitFor();
    await other.screenshot('designer-conflict');
    const onServer = (await site.admin.get(`/drafts/${draft.id}/file?path=bundle.json`)).body.content as string;
    expect(JSON.parse(onServer).title.en).toBe('Ada was here');
    // Max takes Ada's version; his edits save again from there.
    await other.page.getByRole('button', { name: 'Load their version (drop my unsaved change)' }).click();
    await until(async () => (await manifest(other)).title.en === 'Ada was here');
    await retitle(other, 'Max after Ada');
    await other.page.getByText('Saved (version 3)').waitFor();
    expect(ada.problems).toEqual([]);
    expect(other.problems.filter((p) => !p.includes('409'))).toEqual([]);
  });
});

/** Replaces a draft file's text through the JSON view its editor offers (or the plain text view). */
async function writeJson(page: Page, path: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value, null, 2);
  await page.getByRole('menuitem', { name: path }).click();
  const text = page.getByRole('textbox', { name: path });
  const segment = page.locator('.ant-segmented').getByText('JSON', { exact: true });
  const tab = page.getByRole('tab', { name: 'JSON' });
  await text.or(segment).or(tab).first().waitFor();
  if (await tab.isVisible()) {
    await tab.click();
    await page.getByRole('textbox', { name: 'The form file as JSON' }).fill(json);
    return;
  }
  if (await segment.isVisible()) await segment.click();
  await text.fill(json);
}

async function until(condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
